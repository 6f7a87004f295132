// DELETE /api/v1/projects/:projectId/tasks/:ref/dependencies/:dependsOnRef
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { removeDependency } from "@/lib/tasks/dependencies";

type P = { projectId: string; ref: string; dependsOnRef: string };
export const DELETE = withActor<P>(
  "DELETE /projects/{projectId}/tasks/{ref}/dependencies/{dependsOnRef}",
  async (_req, actor, { projectId, ref, dependsOnRef }) => json({ task: await removeDependency(actor, projectId, ref, dependsOnRef) }),
);
