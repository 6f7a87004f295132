// POST /api/v1/ai/test — ask one model ({endpointId, model}) or a role's chain ({role}) for a tiny answer, with timings
import { testModel } from "@/lib/ai/test-model";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withActor("POST /ai/test", async (req, actor, _params, body) =>
  json({ result: await testModel(actor, body, req.signal) }),
);
