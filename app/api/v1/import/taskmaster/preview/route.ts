// POST /api/v1/import/taskmaster/preview — what importing this tasks.json would do; writes nothing
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { previewTaskMasterImport } from "@/lib/tasks/import-taskmaster";

export const POST = withActor("POST /import/taskmaster/preview", async (req, actor, _params, body) =>
  json(await previewTaskMasterImport(actor, body, Object.fromEntries(new URL(req.url).searchParams))),
);
