"use client";
import { STATUS_LABEL } from "@/components/ui/badges";
import { TASK_STATUSES } from "@/lib/validation/common";
import { STATUS_COLOR } from "./task-node";
import { plural } from "@/lib/plural";

/** How many steps of a long path to list before summing up the rest. */
const SHOWN_STEPS = 12;

export function CriticalPathSummary({ path, weight, onOpen }: { path: string[]; weight: number; onOpen: (ref: string) => void }) {
  if (path.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="critical-path">
        No open work, so there is no critical path.
      </p>
    );
  }
  const shown = path.slice(0, SHOWN_STEPS);
  return (
    <p className="text-sm leading-6" data-testid="critical-path" data-path={path.join(",")}>
      <span className="font-medium text-rose-700 dark:text-rose-400">Critical path</span>{" "}
      <span className="text-muted">
        ({plural(path.length, "task")}, weight {weight}):
      </span>{" "}
      {shown.map((ref, i) => (
        <span key={ref}>
          {i > 0 && <span className="text-muted"> → </span>}
          <button
            onClick={() => onOpen(ref)}
            className="font-mono text-[13px] text-zinc-700 hover:text-link hover:underline dark:text-zinc-300"
          >
            #{ref}
          </button>
        </span>
      ))}
      {path.length > SHOWN_STEPS && <span className="text-muted"> → … {path.length - SHOWN_STEPS} more</span>}
    </p>
  );
}

export function GraphLegend({ canEdit }: { canEdit: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="graph-legend">
      {TASK_STATUSES.map((s) => (
        <span key={s} className="inline-flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-1 rounded-sm" style={{ background: STATUS_COLOR[s] }} />
          {STATUS_LABEL[s]}
        </span>
      ))}
      <span className="inline-flex items-center gap-1.5">
        <span className="rounded-full border border-emerald-300 bg-emerald-50 px-1.5 text-[10px] font-semibold text-emerald-700 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-300">
          Ready
        </span>
        nothing in the way
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-3 w-5 rounded-sm ring-2 ring-rose-500" />
        critical path: the heaviest chain of open work (complexity, 1 if unscored)
      </span>
      <span>A → B: B depends on A.</span>
      {canEdit ? (
        <span>Drag from a task&apos;s right dot to another task to add a dependency.</span>
      ) : (
        <span>You are a viewer: the graph is read-only.</span>
      )}
    </div>
  );
}
