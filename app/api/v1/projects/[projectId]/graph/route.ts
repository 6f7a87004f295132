// GET /api/v1/projects/:projectId/graph — nodes, edges (prerequisite → dependent), ready tasks and the critical path
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { getDependencyGraph } from "@/lib/tasks/graph-dto";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/graph", async (req, actor, { projectId }) =>
  json(await getDependencyGraph(actor, projectId, queryObject(req))),
);
