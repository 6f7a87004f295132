import { MyTasksPage } from "@/components/tasks/my-tasks-page";

export const metadata = { title: "My tasks" };

export default function MyTasks() {
  return <MyTasksPage />;
}
