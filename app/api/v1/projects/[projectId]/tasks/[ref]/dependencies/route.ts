// POST /api/v1/projects/:projectId/tasks/:ref/dependencies — {dependsOn: ref}
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { addDependency } from "@/lib/tasks/dependencies";

type P = { projectId: string; ref: string };
export const POST = withActor<P>(async (req, actor, { projectId, ref }) =>
  json({ task: await addDependency(actor, projectId, ref, await readJson(req)) }, 201),
);
