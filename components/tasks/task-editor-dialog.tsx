"use client";
import { Dialog } from "@/components/ui/dialog";
import { useTask } from "@/lib/hooks/use-tasks";
import { TaskEditorLoader } from "./editor/task-editor-loader";

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
      <TaskEditorLoader projectId={projectId} taskRef={taskRef} task={task} canEdit={canEdit} onClose={onClose} onOpen={onOpen} />
    </Dialog>
  );
}
