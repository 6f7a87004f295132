// POST /api/v1/ai/models/load — load a role's model ({role}) or one model ({endpointId, model}) into memory, with its role's keep-alive (admin)
import { loadModelNow } from "@/lib/ai/keep-warm";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withActor("POST /ai/models/load", async (_req, actor, _params, body) =>
  json({ result: await loadModelNow(actor, body) }),
);
