"use client";
import { useDroppable } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { forwardRef, useEffect, useRef, useState } from "react";
import { STATUS_DOT, STATUS_LABEL } from "@/components/ui/badges";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import type { BoardCard } from "@/lib/tasks/types";
import type { TaskStatus } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { DraggableCard } from "./board-card";
import type { Lift } from "./board-moves";

interface Props {
  projectId: string;
  status: TaskStatus;
  /** The cards as shown, including a lifted card on its way here. */
  cards: BoardCard[];
  /** Cards of this column that match the filters (the lifted card not counted until it is dropped). */
  shown: number;
  total: number;
  canEdit: boolean;
  collapsible?: boolean;
  collapsed?: boolean;
  onCollapse?: (collapsed: boolean) => void;
  lift: Lift | null;
  onOpen: (ref: string) => void;
  onLift: (ref: string) => void;
}

export const BoardColumn = forwardRef<HTMLInputElement, Props>(function BoardColumn(
  { projectId, status, cards, shown, total, canEdit, collapsible, collapsed = false, onCollapse, lift, onOpen, onLift },
  quickAddRef,
) {
  // The whole column, header to foot, takes drops; where in it comes from the pointer's height.
  const { setNodeRef } = useDroppable({ id: `column:${status}`, data: { status } });
  const target = lift !== null && lift.to.status === status;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Only the cards in view are rendered, so a 2,000-card column costs what a screenful does.
  const virtualizer = useVirtualizer({
    count: collapsed ? 0 : cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 84,
    // Lets the server render the first screenful too (it has no scroll element to measure).
    initialRect: { width: 288, height: 900 },
    overscan: 6,
    gap: 8,
    getItemKey: (i) => cards[i]!.ref,
  });
  // A card moved here with the keyboard is scrolled into view, however long the column.
  const keyboardIndex = lift?.mode === "keyboard" ? cards.findIndex((c) => c.ref === lift.ref) : -1;
  useEffect(() => {
    if (keyboardIndex >= 0) virtualizer.scrollToIndex(keyboardIndex, { align: "auto" });
  }, [keyboardIndex, virtualizer]);

  if (collapsed) {
    return (
      <section
        ref={setNodeRef}
        aria-label={`${STATUS_LABEL[status]} column (collapsed)`}
        data-testid={`column-collapsed-${status}`}
        data-target={target || undefined}
        className={`flex w-11 shrink-0 snap-start flex-col items-center rounded-xl border py-2 ${target ? "border-[var(--color-accent)] bg-[var(--color-accent)]/10 ring-2 ring-[var(--color-accent)]" : "border-zinc-200 bg-zinc-100/70 dark:border-zinc-800 dark:bg-zinc-900/50"}`}
      >
        <button
          onClick={() => onCollapse?.(false)}
          className="flex flex-1 flex-col items-center gap-2 text-xs text-muted hover:text-zinc-800 dark:hover:text-zinc-200"
        >
          <span className={`h-2 w-2 rounded-full ${STATUS_DOT[status]}`} />
          {/* Named "Expand Deferred · 2": the visible text stays part of the name. */}
          <span className="sr-only">Expand </span>
          <span className="[writing-mode:vertical-rl]">
            {STATUS_LABEL[status]} · {total}
          </span>
        </button>
      </section>
    );
  }

  return (
    <section
      ref={setNodeRef}
      aria-label={`${STATUS_LABEL[status]} column`}
      data-testid={`column-${status}`}
      data-target={target || undefined}
      className={`flex w-[85vw] max-w-80 shrink-0 snap-start flex-col rounded-xl border border-zinc-200 bg-zinc-100/70 sm:w-72 lg:w-64 dark:border-zinc-800 dark:bg-zinc-900/50 ${target ? "ring-2 ring-[var(--color-accent)]" : ""}`}
    >
      <header className="flex items-center gap-2 px-3 pt-2.5 pb-1.5">
        <span className={`h-2 w-2 rounded-full ${STATUS_DOT[status]}`} aria-hidden />
        <h2 className="text-sm font-medium">{STATUS_LABEL[status]}</h2>
        <span className="text-xs text-muted" data-testid={`count-${status}`}>
          {shown === total ? total : `${shown} of ${total}`}
        </span>
        {collapsible && (
          <button
            onClick={() => onCollapse?.(true)}
            className="ml-auto text-xs text-muted hover:text-zinc-700"
            aria-label={`Collapse ${STATUS_LABEL[status]}`}
          >
            ⟨
          </button>
        )}
      </header>
      {canEdit && <QuickAdd ref={quickAddRef} projectId={projectId} status={status} />}
      <div
        ref={scrollRef}
        className="max-h-[calc(100vh-15rem)] min-h-24 flex-1 overflow-y-auto px-2 pb-2"
        data-testid={`column-scroll-${status}`}
      >
        {cards.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 px-3 py-6 text-center text-xs text-muted dark:border-zinc-700">
            {total ? "No card matches the filters" : "Nothing here"}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((v) => (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
              >
                <DraggableCard
                  card={cards[v.index]!}
                  canDrag={canEdit}
                  lifted={lift && lift.ref === cards[v.index]!.ref ? lift.mode : null}
                  onOpen={onOpen}
                  onLift={onLift}
                />
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
});

const QuickAdd = forwardRef<HTMLInputElement, { projectId: string; status: TaskStatus }>(function QuickAdd({ projectId, status }, ref) {
  const { create } = useTaskMutations(projectId);
  const toast = useToast();
  const [title, setTitle] = useState("");
  return (
    <form
      className="px-2 pb-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!title.trim()) return;
        create.mutate(
          { title, status },
          {
            onSuccess: (t) => (setTitle(""), toast({ tone: "success", message: `Created #${t.ref}` })),
            onError: (err) => toast({ tone: "error", message: errorMessage(err) }),
          },
        );
      }}
    >
      <input
        ref={ref}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={TASK_LIMITS.title}
        placeholder="+ Add task"
        aria-label={`Add a task to ${STATUS_LABEL[status]}`}
        disabled={create.isPending}
        className="h-8 w-full rounded-md border border-transparent bg-transparent px-2 text-sm placeholder:text-zinc-400 hover:bg-white focus:border-[var(--color-accent)] focus:bg-white focus:outline-none dark:hover:bg-zinc-900 dark:focus:bg-zinc-900"
      />
    </form>
  );
});
