// GET|PATCH|DELETE /api/v1/projects/:projectId/tasks/:ref — ref is 12 or 12.3
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { deleteTask } from "@/lib/tasks/delete-task";
import type { TaskDto } from "@/lib/tasks/types";
import { getTask } from "@/lib/tasks/get-task";
import { updateTask } from "@/lib/tasks/update-task";

type P = { projectId: string; ref: string };
// The version as an ETag, so a client can send it back as If-Match.
const withVersion = (task: TaskDto) => json({ task }, 200, { etag: `"${task.version}"` });
export const GET = withActor<P>("GET /projects/{projectId}/tasks/{ref}", async (_req, actor, { projectId, ref }) =>
  withVersion(await getTask(actor, projectId, ref)),
);
export const PATCH = withActor<P>("PATCH /projects/{projectId}/tasks/{ref}", async (req, actor, { projectId, ref }, body) =>
  withVersion(await updateTask(actor, projectId, ref, body, { ifMatch: req.headers.get("if-match") })),
);
export const DELETE = withActor<P>("DELETE /projects/{projectId}/tasks/{ref}", async (req, actor, { projectId, ref }) =>
  json(await deleteTask(actor, projectId, ref, queryObject(req))),
);
