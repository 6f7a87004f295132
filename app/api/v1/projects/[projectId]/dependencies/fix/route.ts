// POST /api/v1/projects/:projectId/dependencies/fix — remove what validate reports, say what was removed
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { fixDependencies } from "@/lib/tasks/validate-dependencies";

export const POST = withActor<{ projectId: string }>("POST /projects/{projectId}/dependencies/fix", async (_req, actor, { projectId }) =>
  json(await fixDependencies(actor, projectId)),
);
