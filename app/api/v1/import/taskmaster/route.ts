// POST /api/v1/import/taskmaster — body: a tasks.json; each tag becomes a project (?mode=update: updates the project imported from it)
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";

export const POST = withActor("POST /import/taskmaster", async (req, actor, _params, body) =>
  json(await importTaskMaster(actor, body, Object.fromEntries(new URL(req.url).searchParams)), 201),
);
