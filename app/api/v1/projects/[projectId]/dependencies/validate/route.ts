// GET /api/v1/projects/:projectId/dependencies/validate — self, missing and cyclic references
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { validateDependencies } from "@/lib/tasks/validate-dependencies";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/dependencies/validate", async (_req, actor, { projectId }) =>
  json(await validateDependencies(actor, projectId)),
);
