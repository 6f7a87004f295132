// GET /api/v1/projects/:projectId/next — {task, reason}; task is null when nothing is ready
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { getNextTask } from "@/lib/tasks/next-task";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/next", async (_req, actor, { projectId }) =>
  json(await getNextTask(actor, projectId)),
);
