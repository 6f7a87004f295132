"use client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useTaskMutations } from "@/lib/hooks/use-tasks";

/** Moves a pending task to in progress, with the version it was read at (a stale one is refused). */
export function StartTaskButton({ projectId, task }: { projectId: string; task: { ref: string; version: number } }) {
  const { update } = useTaskMutations(projectId);
  const toast = useToast();
  return (
    <Button
      size="sm"
      className="ml-auto"
      busy={update.isPending}
      onClick={() =>
        update.mutate(
          { ref: task.ref, status: "in-progress", version: task.version },
          { onError: (e) => toast({ tone: "error", message: errorMessage(e) }) },
        )
      }
    >
      Start
    </Button>
  );
}
