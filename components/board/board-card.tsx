"use client";
import { useDraggable } from "@dnd-kit/core";
import { memo } from "react";
import { BlockedBadge, PriorityLabel } from "@/components/ui/badges";
import type { BoardCard as Card } from "@/lib/tasks/types";

function dueLabel(iso: string) {
  const d = new Date(iso);
  const days = Math.round((d.getTime() - Date.now()) / 86_400_000);
  const text = d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return { text, overdue: days < 0 };
}

export function CardBody({ card }: { card: Card }) {
  const due = card.dueDate ? dueLabel(card.dueDate) : null;
  return (
    <>
      <div className="flex items-start gap-2">
        <span className="shrink-0 pt-px font-mono text-[11px] text-muted">#{card.ref}</span>
        <span className="min-w-0 flex-1 text-sm leading-snug break-words">{card.title}</span>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
        <PriorityLabel priority={card.priority} />
        <BlockedBadge by={card.blockedBy} focusable={false} />
        {card.subtasks.total > 0 && (
          <span title="Subtasks done" className={card.subtasks.done === card.subtasks.total ? "text-emerald-600" : ""}>
            ☑ {card.subtasks.done}/{card.subtasks.total}
          </span>
        )}
        {card.complexity !== null && (
          <span title="Complexity" className="rounded border border-zinc-200 px-1 dark:border-zinc-700">
            C{card.complexity}
          </span>
        )}
        {due && (
          <span
            className={`inline-flex items-center gap-0.5 ${due.overdue && card.status !== "done" ? "text-red-600" : ""}`}
            title={due.overdue ? "Overdue" : "Due"}
          >
            <svg width="11" height="11" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
              <rect x="2" y="3" width="12" height="11" rx="1.5" />
              <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
            </svg>
            {due.text}
          </span>
        )}
        {card.assignee && (
          <span
            className="ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-zinc-200 px-1.5 text-[10px] font-medium text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
            title={card.assignee}
          >
            {card.assignee.slice(0, 2).toUpperCase()}
          </span>
        )}
      </div>
      {card.labels.length > 0 && (
        <div className="mt-1.5 flex flex-wrap gap-1">
          {card.labels.map((l) => (
            <span key={l} className="rounded bg-[var(--color-accent)]/10 px-1.5 text-[11px] text-link">
              {l}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

/**
 * A card: a pointer drags it (dnd-kit), Space lifts it for the keyboard (the board then owns the
 * arrow keys), Enter or a click opens it. Its accessible name is its visible text, ref and title first.
 */
export const DraggableCard = memo(function DraggableCard({
  card,
  canDrag,
  lifted,
  onOpen,
  onLift,
}: {
  card: Card;
  canDrag: boolean;
  /** How this card is being moved right now, if it is. */
  lifted: "pointer" | "keyboard" | null;
  onOpen: (ref: string) => void;
  onLift: (ref: string) => void;
}) {
  const { attributes, listeners, setNodeRef } = useDraggable({ id: card.ref, data: { status: card.status }, disabled: !canDrag });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid={`card-${card.ref}`}
      data-card={card.ref}
      data-lifted={lifted ?? undefined}
      aria-roledescription={canDrag ? "movable task" : "task"}
      aria-pressed={lifted ? true : undefined}
      tabIndex={0}
      onClick={() => onOpen(card.ref)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onOpen(card.ref);
        } else if (e.key === " " && canDrag) {
          e.preventDefault();
          onLift(card.ref);
        }
      }}
      className={`rounded-lg border bg-white p-2.5 shadow-xs transition-shadow select-none focus-visible:ring-2 focus-visible:ring-[var(--color-accent)] focus-visible:outline-none dark:bg-zinc-900 ${
        canDrag ? "cursor-grab active:cursor-grabbing" : "cursor-pointer"
      } ${
        lifted === "keyboard"
          ? "relative z-10 -rotate-1 border-[var(--color-accent)] shadow-lg ring-2 ring-[var(--color-accent)]"
          : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-800 dark:hover:border-zinc-700"
      } ${lifted === "pointer" ? "opacity-40" : ""}`}
    >
      <CardBody card={card} />
    </div>
  );
});
