// GET|PATCH|DELETE /api/v1/projects/:projectId
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { deleteProject, getProject, updateProject } from "@/lib/tasks/projects";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}", async (_req, actor, { projectId }) =>
  json({ project: await getProject(actor, projectId) }),
);
export const PATCH = withActor<P>("PATCH /projects/{projectId}", async (_req, actor, { projectId }, body) =>
  json({ project: await updateProject(actor, projectId, body) }),
);
export const DELETE = withActor<P>("DELETE /projects/{projectId}", async (_req, actor, { projectId }) =>
  json(await deleteProject(actor, projectId)),
);
