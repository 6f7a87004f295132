// POST /api/v1/projects/:projectId/tasks/:ref/dependencies — {dependsOn: ref}
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { addDependency } from "@/lib/tasks/dependencies";

type P = { projectId: string; ref: string };
export const POST = withActor<P>("POST /projects/{projectId}/tasks/{ref}/dependencies", async (_req, actor, { projectId, ref }, body) =>
  json({ task: await addDependency(actor, projectId, ref, body) }, 201),
);
