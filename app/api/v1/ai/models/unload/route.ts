// POST /api/v1/ai/models/unload — take a role's model ({role}) or one model ({endpointId, model}) out of memory (admin)
import { unloadModelNow } from "@/lib/ai/keep-warm";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withActor("POST /ai/models/unload", async (_req, actor, _params, body) =>
  json({ result: await unloadModelNow(actor, body) }),
);
