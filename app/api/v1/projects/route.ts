// GET|POST /api/v1/projects — your projects; create one
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { createProject, listProjects } from "@/lib/tasks/projects";

export const GET = withActor(async (_req, actor) => json({ projects: await listProjects(actor) }));
export const POST = withActor(async (req, actor) => json({ project: await createProject(actor, await readJson(req)) }, 201));
