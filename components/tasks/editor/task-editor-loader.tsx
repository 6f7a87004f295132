"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import type { TaskDto } from "@/lib/tasks/types";
import { TaskEditor } from "./task-editor";

interface Props {
  projectId: string;
  taskRef: string;
  task: UseQueryResult<TaskDto>;
  canEdit: boolean;
  onClose: () => void;
  onOpen: (ref: string) => void;
}

/** The editor once its task has loaded; loading and a missing task said in words. Shared by the drawer and the dialog. */
export function TaskEditorLoader({ projectId, taskRef, task, canEdit, onClose, onOpen }: Props) {
  if (task.isPending) {
    return (
      <div className="flex items-center gap-2 text-sm text-muted">
        <Spinner /> Loading…
      </div>
    );
  }
  if (task.isError) {
    return (
      <ErrorBox>
        {task.error instanceof ApiError && task.error.status === 404
          ? `Task #${taskRef} does not exist (it may have been deleted).`
          : errorMessage(task.error)}
      </ErrorBox>
    );
  }
  return (
    <TaskEditor
      key={`${task.data.id}:${task.data.version}`}
      projectId={projectId}
      task={task.data}
      canEdit={canEdit}
      onClose={onClose}
      onOpen={onOpen}
    />
  );
}
