// GET|PATCH|DELETE /api/v1/projects/:projectId/tasks/:ref — ref is 12 or 12.3
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { deleteTask } from "@/lib/tasks/delete-task";
import { getTask } from "@/lib/tasks/get-task";
import { updateTask } from "@/lib/tasks/update-task";

type P = { projectId: string; ref: string };
export const GET = withActor<P>("GET /projects/{projectId}/tasks/{ref}", async (_req, actor, { projectId, ref }) => json({ task: await getTask(actor, projectId, ref) }));
export const PATCH = withActor<P>("PATCH /projects/{projectId}/tasks/{ref}", async (_req, actor, { projectId, ref }, body) =>
  json({ task: await updateTask(actor, projectId, ref, body) }),
);
export const DELETE = withActor<P>("DELETE /projects/{projectId}/tasks/{ref}", async (_req, actor, { projectId, ref }) => json(await deleteTask(actor, projectId, ref)));
