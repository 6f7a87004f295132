"use client";
import { useHistory } from "@/lib/hooks/use-tasks";
import type { TaskDto } from "@/lib/tasks/types";

const SOURCE: Record<string, string> = {
  manual: "Added by hand",
  ai: "Written with AI",
  import: "Imported from Task Master",
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Who made the task, when, and where it came from — in words, no internal fields. */
export function TaskMeta({ projectId, task }: { projectId: string; task: TaskDto }) {
  const history = useHistory(projectId, task.ref);
  const creator = history.data?.findLast((e) => e.kind === "created")?.actor?.name;
  return (
    <p className="text-xs text-muted" data-testid="task-meta">
      Created {when(task.createdAt)}
      {creator ? ` by ${creator}` : ""} · Updated {when(task.updatedAt)}
      {task.completedAt ? ` · Done ${when(task.completedAt)}` : ""} · {SOURCE[task.source] ?? `From ${task.source}`}
    </p>
  );
}
