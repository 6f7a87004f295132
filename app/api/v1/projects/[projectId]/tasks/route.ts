// GET|POST /api/v1/projects/:projectId/tasks — list (filters, cursor pages); create
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { createTask } from "@/lib/tasks/create-task";
import { listTasks } from "@/lib/tasks/list-tasks";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}/tasks", async (req, actor, { projectId }) =>
  json(await listTasks(actor, projectId, queryObject(req))),
);
export const POST = withActor<P>("POST /projects/{projectId}/tasks", async (_req, actor, { projectId }, body) =>
  json({ task: await createTask(actor, projectId, body) }, 201),
);
