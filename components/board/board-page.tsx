"use client";
import {
  DndContext,
  DragOverlay,
  MeasuringStrategy,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { STATUS_LABEL } from "@/components/ui/badges";
import { Spinner } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ShortcutSheet } from "@/components/shortcut-sheet";
import { ErrorBox } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { TaskDrawer } from "@/components/tasks/task-drawer";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import { columnCards, useBoard, useLiveProject, useMoveCard, type MoveInput } from "@/lib/hooks/use-board";
import type { BoardCard, BoardDto } from "@/lib/tasks/types";
import type { TaskStatus } from "@/lib/validation/common";
import { AddTaskWithAi } from "@/components/ai/add-task-ai";
import { EmptyProject } from "@/components/projects/empty-project";
import { CardBody } from "./board-card";
import { BoardColumn } from "./board-column";
import { BoardFilters, filterCards, readFilters } from "./board-filters";
import {
  afterRefFor,
  announce,
  COLUMN_ORDER,
  keyboardStep,
  others,
  previewColumns,
  type Columns,
  type Lift,
  type Slot,
} from "./board-moves";

const MAIN: TaskStatus[] = ["pending", "in-progress", "review", "done"];
const SIDE: TaskStatus[] = ["deferred", "cancelled"];

/**
 * Only columns take drops: the one under the pointer (so an empty column, a gap between cards or
 * the space below the last card all count), else the one the dragged card overlaps most.
 */
const columnsUnderPointer: CollisionDetection = (args) => {
  const only = { ...args, droppableContainers: args.droppableContainers.filter((d) => String(d.id).startsWith("column:")) };
  const under = pointerWithin(only);
  return under.length ? under : rectIntersection(only);
};

export function BoardPage({ projectId, initial }: { projectId: string; initial?: BoardDto }) {
  const { params, setParams, setParam } = useUrlParams();
  const board = useBoard(projectId, initial);
  const move = useMoveCard(projectId);
  const toast = useToast();
  useLiveProject(projectId);

  const filters = useMemo(() => readFilters(params), [params]);
  const canEdit = board.data ? board.data.role !== "viewer" : false;
  const cards = useMemo(() => board.data?.cards ?? [], [board.data]);
  const visible = useMemo(() => filterCards(cards, filters), [cards, filters]);
  const byColumn = useMemo(() => {
    const out = {} as Record<TaskStatus, { shown: BoardCard[]; total: number }>;
    const shown = new Set(visible.map((c) => c.ref));
    for (const s of COLUMN_ORDER) {
      const all = columnCards(cards, s);
      out[s] = { shown: all.filter((c) => shown.has(c.ref)), total: all.length };
    }
    return out;
  }, [cards, visible]);
  const columns = useMemo(() => {
    const out = {} as Columns;
    for (const s of COLUMN_ORDER) out[s] = byColumn[s].shown;
    return out;
  }, [byColumn]);

  const [confirm, setConfirm] = useState<{ move: MoveInput; card: BoardCard } | null>(null);
  const [help, setHelp] = useState(false);
  const [collapsed, setCollapsed] = useState<Partial<Record<TaskStatus, boolean>>>({ deferred: true, cancelled: true });
  // Cards arrive in the server's HTML; drag and keyboard handling exist only once hydrated.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const quickAdd = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (params.get("new")) setTimeout(() => quickAdd.current?.focus(), 0);
  }, [params]);
  const search = useRef<HTMLInputElement>(null);
  const openRef = params.get("task");
  const open = useCallback((ref: string) => setParam("task", ref), [setParam]);

  /**
   * The card being moved and where it would land. The pointer and the keyboard both only change
   * `lift.to`; the board shows the card there, and a drop saves exactly that place.
   */
  const [lift, setLiftState] = useState<Lift | null>(null);
  const liftRef = useRef<Lift | null>(null);
  const setLift = useCallback((l: Lift | null) => {
    liftRef.current = l;
    setLiftState(l);
  }, []);
  const display = useMemo(() => previewColumns(columns, lift, collapsed), [columns, lift, collapsed]);
  // Latest values for handlers that outlive a render (window listeners, dnd-kit's announcements).
  const latest = useRef({ cards, columns, collapsed });
  latest.current = { cards, columns, collapsed };
  const [message, setMessage] = useState("");
  const dropMessage = useRef("");

  /**
   * Focus follows a card moved with the keyboard: it re-mounts in its new column (or, dropped into a
   * collapsed column, hands focus to that column's button). Kept until reached, for two seconds at most.
   */
  const focusGoal = useRef<{ ref: string; status: TaskStatus; reveal?: string; until: number } | null>(null);
  useEffect(() => {
    const g = focusGoal.current;
    if (!g) return;
    if (Date.now() > g.until) {
      focusGoal.current = null;
      return;
    }
    const card = `[data-card="${CSS.escape(g.ref)}"]`;
    const target = collapsed[g.status]
      ? document.querySelector<HTMLElement>(`[data-testid="column-collapsed-${g.status}"] button`)
      : document.querySelector<HTMLElement>(`[data-testid="column-${g.status}"] ${card}`);
    const el = target ?? document.querySelector<HTMLElement>(card);
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
    (g.reveal ? document.querySelector(g.reveal) : el)?.scrollIntoView({ block: "nearest", inline: "nearest" });
    if (target) focusGoal.current = null;
  });
  const keepFocus = (ref: string, status: TaskStatus, reveal?: string) =>
    (focusGoal.current = { ref, status, reveal, until: Date.now() + 2_000 });

  // Whether columns lie beyond either edge of the board's scroll area.
  const scroller = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ left: false, right: false });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const check = () => {
      const left = el.scrollLeft > 1;
      const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setOverflow((o) => (o.left === left && o.right === right ? o : { left, right }));
    };
    check();
    el.addEventListener("scroll", check, { passive: true });
    const ro = new ResizeObserver(check);
    ro.observe(el);
    for (const child of el.children) ro.observe(child);
    return () => {
      el.removeEventListener("scroll", check);
      ro.disconnect();
    };
  }, [board.isPending, collapsed]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const send = useCallback(
    (m: MoveInput, card: BoardCard) => {
      // Where the card was, so Undo can put it back exactly.
      const from = columnCards(cards, card.status);
      const idx = from.findIndex((c) => c.ref === card.ref);
      const undo: MoveInput = { ref: card.ref, status: card.status, afterRef: idx > 0 ? from[idx - 1]!.ref : null };
      move.mutate(m, {
        onSuccess: () =>
          toast({
            message: m.status === card.status ? `Moved #${card.ref}` : `Moved #${card.ref} to ${STATUS_LABEL[m.status]}`,
            action: {
              label: "Undo",
              onClick: () => move.mutate(undo, { onError: (e) => toast({ tone: "error", message: `Undo failed: ${errorMessage(e)}` }) }),
            },
          }),
        onError: (e) => toast({ tone: "error", message: `#${card.ref} was not moved: ${errorMessage(e)}` }),
      });
    },
    [cards, move, toast],
  );

  /** The one way a lifted card is put down, by pointer or keyboard. Returns what to announce. */
  const drop = useCallback(
    (l: Lift): string => {
      setLift(null);
      const { cards: all, columns: cols } = latest.current;
      const card = all.find((c) => c.ref === l.ref);
      if (!card) return "";
      const said = announce.dropped(cols, card, l);
      const afterRef = afterRefFor(cols, card.ref, l.to);
      if (l.to.status === card.status && afterRef === afterRefFor(cols, card.ref, l.from)) return said;
      const m: MoveInput = { ref: card.ref, status: l.to.status, afterRef, version: card.version };
      if (l.to.status === "in-progress" && card.status !== "in-progress" && card.blockedBy.length > 0) {
        focusGoal.current = null; // the question takes focus
        setConfirm({ move: m, card });
        return said;
      }
      send(m, card);
      return said;
    },
    [send, setLift],
  );

  const slotOf = (ref: string): Slot | null => {
    for (const s of COLUMN_ORDER) {
      const index = columns[s].findIndex((c) => c.ref === ref);
      if (index >= 0) return { status: s, index };
    }
    return null;
  };

  // Keyboard: Space on a card lifts it; while lifted, the board owns the keys until Space or Escape.
  const onLift = useCallback(
    (ref: string) => {
      if (liftRef.current) return;
      const { cards: all, columns: cols } = latest.current;
      const card = all.find((c) => c.ref === ref);
      const status = COLUMN_ORDER.find((s) => cols[s].some((c) => c.ref === ref));
      if (!card || !status) return;
      const from = { status, index: cols[status].findIndex((c) => c.ref === ref) };
      setLift({ ref, from, to: from, mode: "keyboard" });
      keepFocus(ref, status);
      setMessage(`${announce.lifted(card)} ${announce.at(cols, ref, from)}`);
    },
    [setLift],
  );
  const keyboardLifted = lift?.mode === "keyboard";
  useEffect(() => {
    if (!keyboardLifted) return;
    function onKey(e: KeyboardEvent) {
      const l = liftRef.current;
      if (!l || l.mode !== "keyboard") return;
      const { cards: all, columns: cols, collapsed: folded } = latest.current;
      const card = all.find((c) => c.ref === l.ref);
      if (e.key === "Tab") {
        setLift(null);
        if (card) setMessage(announce.cancelled(card, l.from));
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      // Nothing else on the page reacts to keys while a card is in hand.
      e.preventDefault();
      e.stopPropagation();
      if (!card) return setLift(null);
      if (e.repeat) return;
      if (e.key === " ") {
        keepFocus(l.ref, l.to.status);
        setMessage(drop(l));
      } else if (e.key === "Escape") {
        setLift(null);
        keepFocus(l.ref, l.from.status);
        setMessage(announce.cancelled(card, l.from));
      } else if (e.key.startsWith("Arrow")) {
        const to = keyboardStep(cols, l, e.key, folded);
        if (!to) {
          setMessage(`${announce.at(cols, l.ref, l.to)} It cannot go further that way.`);
          return;
        }
        setLift({ ...l, to });
        if (folded[to.status]) keepFocus(l.ref, l.from.status, `[data-testid="column-collapsed-${to.status}"]`);
        else keepFocus(l.ref, to.status);
        setMessage(announce.moved(cols, l.ref, to));
      }
    }
    function onPointer() {
      const l = liftRef.current;
      const card = l && latest.current.cards.find((c) => c.ref === l.ref);
      setLift(null);
      if (l && card) setMessage(announce.cancelled(card, l.from));
    }
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("pointerdown", onPointer, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("pointerdown", onPointer, true);
    };
  }, [keyboardLifted, drop, setLift]);

  // Pointer: the column under the pointer, and the place among its cards at the pointer's height.
  function pointerSlot(e: DragMoveEvent | DragEndEvent): Slot | null {
    const l = liftRef.current;
    const status = (e.over?.data.current as { status?: TaskStatus } | undefined)?.status;
    if (!l || !status) return null;
    const list = others(columns, status, l.ref);
    if (collapsed[status]) return { status, index: list.length };
    // The pointer's own height (dnd-kit's delta also counts scrolling, which would skew it).
    const start = e.activatorEvent as PointerEvent;
    const y = pointerY.current ?? start.clientY + e.delta.y;
    const order = new Map(list.map((c, i) => [c.ref, i]));
    let index = list.length;
    let below = -1;
    for (const el of document.querySelectorAll<HTMLElement>(`[data-testid="column-${status}"] [data-card]`)) {
      const i = order.get(el.dataset.card ?? "");
      if (i === undefined) continue;
      const r = el.getBoundingClientRect();
      if (y < r.top + r.height / 2) index = Math.min(index, i);
      else below = Math.max(below, i);
    }
    return { status, index: index === list.length ? below + 1 : index };
  }
  const pointerY = useRef<number | null>(null);
  const pointerDragging = lift?.mode === "pointer";
  useEffect(() => {
    if (!pointerDragging) return;
    const track = (e: PointerEvent) => (pointerY.current = e.clientY);
    window.addEventListener("pointermove", track, { passive: true, capture: true });
    return () => {
      window.removeEventListener("pointermove", track, { capture: true });
      pointerY.current = null;
    };
  }, [pointerDragging]);
  const activeCard = lift?.mode === "pointer" ? (cards.find((c) => c.ref === lift.ref) ?? null) : null;

  function onDragMove(e: DragMoveEvent) {
    const l = liftRef.current;
    if (!l) return;
    const to = pointerSlot(e) ?? l.from;
    if (to.status !== l.to.status || to.index !== l.to.index) setLift({ ...l, to });
  }
  function onDragEnd(e: DragEndEvent) {
    const l = liftRef.current;
    if (!l) return;
    const to = pointerSlot(e);
    if (!to) {
      setLift(null);
      const card = cards.find((c) => c.ref === l.ref);
      dropMessage.current = card ? announce.cancelled(card, l.from) : "";
      return;
    }
    dropMessage.current = drop({ ...l, to });
  }

  // Keyboard shortcuts: c new task, / search, j/k focus, ? help. Typing in a field is left alone.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || el.closest("input, textarea, select, [contenteditable], dialog, [role=dialog]")) return;
      if (e.key === "c" && canEdit) {
        e.preventDefault();
        quickAdd.current?.focus();
      } else if (e.key === "/") {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === "?") {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === "j" || e.key === "k") {
        const all = [...document.querySelectorAll<HTMLElement>("[data-card]")];
        if (!all.length) return;
        e.preventDefault();
        const i = all.indexOf(document.activeElement as HTMLElement);
        const next = i < 0 ? 0 : Math.max(0, Math.min(all.length - 1, i + (e.key === "j" ? 1 : -1)));
        all[next]!.focus();
        all[next]!.scrollIntoView({ block: "nearest" });
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canEdit]);

  if (board.isPending) {
    return (
      <div className="flex gap-3 overflow-hidden" aria-busy="true">
        {MAIN.map((s) => (
          <div key={s} className="h-96 w-72 shrink-0 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900" />
        ))}
        <span className="sr-only">
          <Spinner /> Loading the board…
        </span>
      </div>
    );
  }
  if (board.isError) return <ErrorBox>Could not load the board: {errorMessage(board.error)}</ErrorBox>;
  // An empty project (not an empty filter result) says what to do first, above its empty columns.
  const emptyProject = cards.length === 0 && !params.get("new") && [...params.keys()].length === 0;

  return (
    <div className="space-y-3">
      {emptyProject && <EmptyProject projectId={projectId} canEdit={canEdit} onAddTask={() => quickAdd.current?.focus()} />}
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <BoardFilters
            filters={filters}
            setParam={setParam}
            setParams={setParams}
            cards={cards}
            searchRef={search}
            onHelp={() => setHelp(true)}
          />
        </div>
        {canEdit && <AddTaskWithAi projectId={projectId} />}
      </div>
      {!canEdit && <p className="text-xs text-muted">You are a viewer on this project: the board is read-only.</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={columnsUnderPointer}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        onDragStart={(e: DragStartEvent) => {
          const ref = String(e.active.id);
          const from = slotOf(ref);
          if (from) setLift({ ref, from, to: from, mode: "pointer" });
        }}
        onDragMove={onDragMove}
        onDragOver={onDragMove}
        onDragCancel={() => setLift(null)}
        onDragEnd={onDragEnd}
        accessibility={{
          screenReaderInstructions: { draggable: announce.instructions },
          announcements: {
            onDragStart: ({ active }) => {
              const card = cards.find((c) => c.ref === active.id);
              return card ? announce.lifted(card) : undefined;
            },
            onDragOver: ({ active, over }) => {
              const l = liftRef.current;
              if (!over || !l) return `#${active.id} is not over a column.`;
              return announce.moved(columns, l.ref, l.to);
            },
            onDragMove: () => undefined,
            onDragEnd: () => dropMessage.current || undefined,
            onDragCancel: ({ active }) => {
              const card = cards.find((c) => c.ref === active.id);
              const from = slotOf(String(active.id));
              return card && from ? announce.cancelled(card, from) : undefined;
            },
          },
        }}
      >
        <div className="relative -mx-4">
          <div
            ref={scroller}
            className="relative flex min-h-[calc(100vh-16rem)] snap-x gap-3 overflow-x-auto px-4 pb-4"
            data-testid="board"
            data-ready={ready || undefined}
          >
            {COLUMN_ORDER.map((s, i) => (
              <BoardColumn
                key={s}
                ref={i === 0 ? quickAdd : undefined}
                projectId={projectId}
                status={s}
                cards={display[s]}
                shown={byColumn[s].shown.length}
                total={byColumn[s].total}
                canEdit={canEdit}
                collapsible={SIDE.includes(s)}
                collapsed={!!collapsed[s]}
                onCollapse={(c) => setCollapsed((prev) => ({ ...prev, [s]: c }))}
                lift={lift}
                onOpen={open}
                onLift={onLift}
              />
            ))}
          </div>
          {/* More columns off to one side: a fade says so (the scrollbar stays visible too). */}
          {overflow.left && (
            <div
              aria-hidden
              data-testid="board-more-left"
              className="pointer-events-none absolute inset-y-0 left-0 w-8 bg-gradient-to-r from-zinc-50 dark:from-zinc-950"
            />
          )}
          {overflow.right && (
            <div
              aria-hidden
              data-testid="board-more-right"
              className="pointer-events-none absolute inset-y-0 right-0 w-8 bg-gradient-to-l from-zinc-50 dark:from-zinc-950"
            />
          )}
        </div>
        <DragOverlay dropAnimation={null}>
          {activeCard ? (
            <div className="w-72 rotate-1 rounded-lg border border-[var(--color-accent)] bg-white p-2.5 shadow-xl dark:bg-zinc-900">
              <CardBody card={activeCard} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      <p className="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="board-announcer">
        {message}
      </p>
      <ConfirmDialog
        open={!!confirm}
        title="Start a blocked task?"
        body={
          confirm &&
          `#${confirm.card.ref} depends on ${confirm.card.blockedBy.map((b) => `#${b.ref} (${STATUS_LABEL[b.status].toLowerCase()})`).join(", ")} — start anyway?`
        }
        confirmLabel="Start anyway"
        onClose={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm) send(confirm.move, confirm.card);
          setConfirm(null);
        }}
      />
      <ShortcutSheet open={help} onClose={() => setHelp(false)} />
      {openRef && (
        <TaskDrawer projectId={projectId} taskRef={openRef} canEdit={canEdit} onClose={() => setParam("task", null)} onOpen={open} />
      )}
    </div>
  );
}
