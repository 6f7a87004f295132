// GET|POST /api/v1/projects — your projects; create one
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { createProject, listProjects } from "@/lib/tasks/projects";

export const GET = withActor("GET /projects", async (_req, actor) => json({ projects: await listProjects(actor) }));
export const POST = withActor("POST /projects", async (_req, actor, _params, body) =>
  json({ project: await createProject(actor, body) }, 201),
);
