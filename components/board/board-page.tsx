"use client";
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { STATUS_LABEL } from "@/components/ui/badges";
import { Spinner } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
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

const MAIN: TaskStatus[] = ["pending", "in-progress", "review", "done"];
const SIDE: TaskStatus[] = ["deferred", "cancelled"];

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
    for (const s of [...MAIN, ...SIDE]) {
      const all = columnCards(cards, s);
      const shown = new Set(visible.map((c) => c.ref));
      out[s] = { shown: all.filter((c) => shown.has(c.ref)), total: all.length };
    }
    return out;
  }, [cards, visible]);

  const [active, setActive] = useState<BoardCard | null>(null);
  const [confirm, setConfirm] = useState<{ move: MoveInput; card: BoardCard } | null>(null);
  const [help, setHelp] = useState(false);
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

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Enter opens a card, so only Space picks up and drops.
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space"] },
    }),
  );

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

  function onDragEnd(e: DragEndEvent) {
    setActive(null);
    const card = cards.find((c) => c.ref === e.active.id);
    const over = e.over;
    if (!card || !over) return;
    let status: TaskStatus;
    let afterRef: string | null;
    if (String(over.id).startsWith("column:")) {
      status = (over.data.current as { status: TaskStatus }).status;
      const shown = byColumn[status].shown.filter((c) => c.ref !== card.ref);
      afterRef = shown.length ? shown[shown.length - 1]!.ref : null;
    } else {
      const target = cards.find((c) => c.ref === over.id);
      if (!target || target.ref === card.ref) return;
      status = target.status;
      const shown = byColumn[status].shown;
      const column = shown.filter((c) => c.ref !== card.ref);
      const ti = column.findIndex((c) => c.ref === target.ref);
      // Dropping onto a card: below it when moving down the same column, otherwise above it.
      const sameColumn = card.status === status;
      const below = sameColumn && shown.findIndex((c) => c.ref === card.ref) < shown.findIndex((c) => c.ref === target.ref);
      afterRef = below ? target.ref : ti > 0 ? column[ti - 1]!.ref : null;
    }
    const currentIdx = columnCards(cards, card.status).findIndex((c) => c.ref === card.ref);
    const currentAfter = currentIdx > 0 ? columnCards(cards, card.status)[currentIdx - 1]!.ref : null;
    if (status === card.status && afterRef === currentAfter) return;
    const m: MoveInput = { ref: card.ref, status, afterRef, version: card.version };
    if (status === "in-progress" && card.status !== "in-progress" && card.blockedBy.length > 0) {
      setConfirm({ move: m, card });
      return;
    }
    send(m, card);
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
      {!canEdit && <p className="text-xs text-zinc-500">You are a viewer on this project: the board is read-only.</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={(e: DragStartEvent) => setActive(cards.find((c) => c.ref === e.active.id) ?? null)}
        onDragCancel={() => setActive(null)}
        onDragEnd={onDragEnd}
        accessibility={{
          screenReaderInstructions: {
            draggable: "To pick up a card, press Space. Use the arrow keys to move it, Space to drop it, Escape to cancel.",
          },
        }}
      >
        <div className="-mx-4 flex snap-x gap-3 overflow-x-auto px-4 pb-4" data-testid="board" data-ready={ready || undefined}>
          {MAIN.map((s, i) => (
            <BoardColumn
              key={s}
              ref={i === 0 ? quickAdd : undefined}
              projectId={projectId}
              status={s}
              cards={byColumn[s].shown}
              total={byColumn[s].total}
              canEdit={canEdit}
              onOpen={open}
            />
          ))}
          {SIDE.map((s) => (
            <BoardColumn
              key={s}
              projectId={projectId}
              status={s}
              cards={byColumn[s].shown}
              total={byColumn[s].total}
              canEdit={canEdit}
              collapsible
              onOpen={open}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? (
            <div className="w-72 rotate-1 rounded-lg border border-[var(--color-accent)] bg-white p-2.5 shadow-xl dark:bg-zinc-900">
              <CardBody card={active} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
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
      <Dialog open={help} onClose={() => setHelp(false)} title="Keyboard shortcuts">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="shortcuts">
          {[
            ["c", "New task (in Pending)"],
            ["/", "Search"],
            ["j / k", "Next / previous card"],
            ["Enter", "Open the focused card"],
            ["Space", "Pick up / drop the focused card; arrows move it"],
            ["Esc", "Close, or cancel a drag"],
            ["?", "This list"],
          ].map(([k, v]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800">
                  {k}
                </kbd>
              </dt>
              <dd className="text-zinc-600 dark:text-zinc-300">{v}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
      {openRef && (
        <TaskDrawer projectId={projectId} taskRef={openRef} canEdit={canEdit} onClose={() => setParam("task", null)} onOpen={open} />
      )}
    </div>
  );
}
