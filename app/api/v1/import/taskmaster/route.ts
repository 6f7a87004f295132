// POST /api/v1/import/taskmaster — body: a tasks.json; each tag becomes a project
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";

export const POST = withActor(async (req, actor) => json(await importTaskMaster(actor, await readJson(req)), 201));
