// GET /api/v1/projects/:projectId/tasks/:ref/history — the task's events, newest first
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { listTaskHistory } from "@/lib/tasks/notes";

type P = { projectId: string; ref: string };
export const GET = withActor<P>("GET /projects/{projectId}/tasks/{ref}/history", async (_req, actor, { projectId, ref }) =>
  json({ events: await listTaskHistory(actor, projectId, ref) }),
);
