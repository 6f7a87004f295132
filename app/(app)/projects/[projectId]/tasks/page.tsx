import { Suspense } from "react";
import { TaskListPage } from "@/components/tasks/task-list-page";

export const metadata = { title: "Tasks" };

export default async function TasksPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <TaskListPage projectId={projectId} />
    </Suspense>
  );
}
