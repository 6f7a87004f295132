// GET /api/v1/ai/runs — the AI run log, newest first
import { listAiRuns } from "@/lib/ai/run-log";
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";

export const GET = withActor("GET /ai/runs", async (req, actor) =>
  json({ runs: await listAiRuns(actor, { limit: Number(queryObject(req).limit ?? 100) || 100 }) }),
);
