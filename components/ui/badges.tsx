import type { TaskPriority, TaskStatus } from "@/lib/validation/common";

export const STATUS_LABEL: Record<TaskStatus, string> = {
  pending: "Pending",
  "in-progress": "In progress",
  review: "Review",
  done: "Done",
  deferred: "Deferred",
  cancelled: "Cancelled",
};

/** A status as a small coloured dot (column heads, overview counts). */
export const STATUS_DOT: Record<TaskStatus, string> = {
  pending: "bg-zinc-400",
  "in-progress": "bg-amber-500",
  review: "bg-violet-500",
  done: "bg-emerald-500",
  deferred: "bg-sky-500",
  cancelled: "bg-zinc-300 dark:bg-zinc-600",
};

const STATUS_STYLE: Record<TaskStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  "in-progress": "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  review: "bg-violet-100 text-violet-800 dark:bg-violet-900/50 dark:text-violet-200",
  done: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  deferred: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  cancelled: "bg-zinc-200 text-muted line-through dark:bg-zinc-800 dark:text-zinc-400",
};

const PRIORITY_STYLE: Record<TaskPriority, string> = {
  low: "text-muted",
  medium: "text-zinc-700 dark:text-zinc-300",
  high: "text-orange-700 dark:text-orange-400",
  critical: "text-red-600 dark:text-red-400 font-semibold",
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_STYLE[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}

export function PriorityLabel({ priority }: { priority: TaskPriority }) {
  const bars = { low: 1, medium: 2, high: 3, critical: 4 }[priority];
  return (
    <span className={`inline-flex items-center gap-1 text-xs ${PRIORITY_STYLE[priority]}`} title={`${priority} priority`}>
      <span aria-hidden className="inline-flex items-end gap-px">
        {[1, 2, 3, 4].map((i) => (
          <span
            key={i}
            className={`w-0.5 rounded-sm ${i <= bars ? "bg-current" : "bg-current opacity-20"}`}
            style={{ height: 3 + i * 2 }}
          />
        ))}
      </span>
      {priority}
    </span>
  );
}

/** `focusable: false` inside a control of its own (a board card), which must not nest another focus stop. */
export function BlockedBadge({ by, focusable = true }: { by: { ref: string; title: string; status: TaskStatus }[]; focusable?: boolean }) {
  if (by.length === 0) return null;
  const list = by.map((b) => `#${b.ref} ${b.title} (${STATUS_LABEL[b.status].toLowerCase()})`).join("\n");
  return (
    <span
      tabIndex={focusable ? 0 : undefined}
      title={`Waiting on:\n${list}`}
      aria-label={`Blocked by ${by.map((b) => `#${b.ref}`).join(", ")}`}
      data-testid="blocked-badge"
      className="inline-flex rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-700 dark:bg-red-950 dark:text-red-300"
    >
      Blocked
    </span>
  );
}
