// GET /api/v1/projects/:projectId/board — every top-level task as a card, in rank order
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { getBoard } from "@/lib/tasks/board";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/board", async (_req, actor, { projectId }) =>
  json(await getBoard(actor, projectId)),
);
