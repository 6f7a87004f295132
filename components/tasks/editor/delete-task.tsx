"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import type { DeleteTaskResult, TaskDto, TaskLink } from "@/lib/tasks/types";

const MAX_NAMED = 8;

/** "#14 Deploy, #15 Docs and 3 more" */
function list(items: string[]): string {
  const named = items.slice(0, MAX_NAMED);
  const rest = items.length - named.length;
  if (rest > 0) return `${named.join(", ")} and ${rest} more`;
  return named.length <= 1 ? (named[0] ?? "") : `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`;
}

const link = (t: Pick<TaskLink, "ref" | "title">) => `#${t.ref} ${t.title}`;

/**
 * Delete with a confirmation that says, from the server's own dry run, which tasks lose a
 * prerequisite and which subtasks go with it.
 */
export function DeleteTask({ projectId, task, onDeleted }: { projectId: string; task: TaskDto; onDeleted: () => void }) {
  const m = useTaskMutations(projectId);
  const toast = useToast();
  const [preview, setPreview] = useState<DeleteTaskResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ask = () => {
    setError(null);
    m.previewRemove.mutate(task.ref, { onSuccess: setPreview, onError: (e) => setError(errorMessage(e)) });
  };
  const subtasks = (preview?.deleted ?? []).filter((r) => r !== task.ref);
  const lost = preview?.lostPrerequisite ?? [];
  const subtaskTitle = (ref: string) => task.subtasks.find((s) => s.ref === ref)?.title;
  return (
    <>
      <Button
        type="button"
        size="sm"
        variant="ghost"
        onClick={ask}
        busy={m.previewRemove.isPending}
        className="text-red-700 dark:text-red-400"
      >
        Delete
      </Button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          Could not delete: {error}
        </p>
      )}
      <ConfirmDialog
        open={preview !== null}
        title={`Delete #${task.ref} ${task.title}?`}
        confirmLabel={subtasks.length ? `Delete ${subtasks.length + 1} tasks` : "Delete task"}
        busy={m.remove.isPending}
        onClose={() => setPreview(null)}
        onConfirm={() =>
          m.remove.mutate(task.ref, {
            onSuccess: (r) => {
              setPreview(null);
              const more = r.deleted.length - 1;
              const tail = more === 0 ? "" : more === 1 ? " and its subtask" : ` and its ${more} subtasks`;
              toast({ tone: "success", message: `Deleted #${task.ref}${tail}` });
              onDeleted();
            },
            onError: (e) => {
              setPreview(null);
              setError(errorMessage(e));
            },
          })
        }
        body={
          <div className="space-y-2" data-testid="delete-summary">
            {lost.length > 0 ? (
              <p data-testid="delete-dependents">
                {list(lost.map(link))} {lost.length === 1 ? "depends" : "depend"} on this task{subtasks.length ? " or its subtasks" : ""};{" "}
                {lost.length === 1 ? "it loses" : "they lose"} this prerequisite.
              </p>
            ) : (
              <p>No other task depends on it.</p>
            )}
            {subtasks.length > 0 && (
              <p data-testid="delete-subtasks">
                {subtasks.length === 1 ? "Its subtask is" : `Its ${subtasks.length} subtasks are`} deleted with it:{" "}
                {list(subtasks.map((r) => link({ ref: r, title: subtaskTitle(r) ?? "" }).trim()))}.
              </p>
            )}
            <p>Its notes go with it. This cannot be undone.</p>
          </div>
        }
      />
    </>
  );
}
