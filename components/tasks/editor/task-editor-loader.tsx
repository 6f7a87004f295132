"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import type { TaskDto } from "@/lib/tasks/types";
import type { GuardHandle } from "./editor-guard";
import { TaskEditor } from "./task-editor";

interface Props {
  projectId: string;
  taskRef: string;
  task: UseQueryResult<TaskDto>;
  canEdit: boolean;
  onOpen: (ref: string) => void;
  guard?: GuardHandle;
}

/** The editor once its task has loaded; loading and a missing task said in words. */
export function TaskEditorLoader({ projectId, taskRef, task, canEdit, onOpen, guard }: Props) {
  const problem =
    task.isError &&
    (task.error instanceof ApiError && task.error.status === 404
      ? `Task #${taskRef} does not exist (it may have been deleted).`
      : errorMessage(task.error));
  if (!task.data) {
    return problem ? (
      <ErrorBox>{problem}</ErrorBox>
    ) : (
      <div className="flex items-center gap-2 text-sm text-muted">
        <Spinner /> Loading…
      </div>
    );
  }
  // One editor per task: a newer version (a save, a live update) flows into it without
  // remounting, so the field being typed in keeps its text and focus. A failed refresh keeps it
  // too, with the reason above it.
  return (
    <div className="space-y-3">
      {problem && <ErrorBox>{problem}</ErrorBox>}
      <TaskEditor key={task.data.id} projectId={projectId} task={task.data} canEdit={canEdit} onOpen={onOpen} guard={guard} />
    </div>
  );
}
