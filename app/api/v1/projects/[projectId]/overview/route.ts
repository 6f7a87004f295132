// GET /api/v1/projects/:projectId/overview — completion, status counts, next task, ready and blocked work
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { getProjectOverview } from "@/lib/tasks/overview";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/overview", async (_req, actor, { projectId }) =>
  json(await getProjectOverview(actor, projectId)),
);
