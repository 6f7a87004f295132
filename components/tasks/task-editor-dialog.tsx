"use client";
import { Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox } from "@/components/ui/field";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import { useTask } from "@/lib/hooks/use-tasks";
import { TaskEditor } from "./editor/task-editor";

interface Props {
  projectId: string;
  taskRef: string;
  canEdit: boolean;
  onClose: () => void;
  onOpen: (ref: string) => void;
}

export function TaskEditorDialog({ projectId, taskRef, canEdit, onClose, onOpen }: Props) {
  const task = useTask(projectId, taskRef);
  return (
    <Dialog open onClose={onClose} title={task.data ? `#${task.data.ref} ${task.data.title}` : `Task #${taskRef}`} wide>
      {task.isPending ? (
        <div className="flex items-center gap-2 text-sm text-zinc-500">
          <Spinner /> Loading…
        </div>
      ) : task.isError ? (
        <ErrorBox>
          {task.error instanceof ApiError && task.error.status === 404
            ? `Task #${taskRef} does not exist (it may have been deleted).`
            : errorMessage(task.error)}
        </ErrorBox>
      ) : (
        <TaskEditor
          key={`${task.data.id}:${task.data.version}`}
          projectId={projectId}
          task={task.data}
          canEdit={canEdit}
          onClose={onClose}
          onOpen={onOpen}
        />
      )}
    </Dialog>
  );
}
