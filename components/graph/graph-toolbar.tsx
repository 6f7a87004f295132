"use client";
import { Button } from "@/components/ui/button";
import { TaskPicker } from "@/components/tasks/task-picker";
import { plural } from "@/lib/plural";

export function GraphToolbar({
  projectId,
  hideDone,
  onHideDone,
  focus,
  focusTitle,
  onFocus,
  shown,
  total,
}: {
  projectId: string;
  hideDone: boolean;
  onHideDone: (on: boolean) => void;
  focus: string | null;
  focusTitle: string | null;
  onFocus: (ref: string | null) => void;
  shown: number;
  total: number;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2" data-testid="graph-toolbar">
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm select-none" title="Hide done and cancelled tasks">
        <input
          type="checkbox"
          checked={hideDone}
          onChange={(e) => onHideDone(e.target.checked)}
          className="h-4 w-4 accent-[var(--color-accent)]"
        />
        Hide done
      </label>
      {focus ? (
        <div className="flex min-w-0 items-center gap-2 text-sm" data-testid="graph-focus">
          <span className="min-w-0 truncate">
            Focused on <span className="font-mono text-muted">#{focus}</span> {focusTitle}
            <span className="text-muted"> — what it needs and what needs it</span>
          </span>
          <Button size="sm" variant="secondary" onClick={() => onFocus(null)}>
            Clear focus
          </Button>
        </div>
      ) : (
        <div className="flex w-full min-w-0 items-center gap-2 sm:w-auto">
          <span className="shrink-0 text-sm text-zinc-600 dark:text-zinc-400">Focus</span>
          <TaskPicker projectId={projectId} exclude={[]} onPick={onFocus} label="Focus on a task" />
        </div>
      )}
      <span className="text-xs text-muted sm:ml-auto" data-testid="graph-count">
        {shown === total ? plural(total, "task") : `${shown} of ${plural(total, "task")} shown`}
      </span>
    </div>
  );
}
