import type { TaskDto } from "@/lib/tasks/types";

/** What every section of the task editor is given: the task, whether the viewer may edit, and how to open another task. */
export interface SectionProps {
  projectId: string;
  task: TaskDto;
  canEdit: boolean;
  onOpen: (ref: string) => void;
}
