// GET|PATCH|DELETE /api/v1/projects/:projectId
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { deleteProject, getProject, updateProject } from "@/lib/tasks/projects";

type P = { projectId: string };
export const GET = withActor<P>(async (_req, actor, { projectId }) => json({ project: await getProject(actor, projectId) }));
export const PATCH = withActor<P>(async (req, actor, { projectId }) =>
  json({ project: await updateProject(actor, projectId, await readJson(req)) }),
);
export const DELETE = withActor<P>(async (_req, actor, { projectId }) => json(await deleteProject(actor, projectId)));
