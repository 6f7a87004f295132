// GET /api/v1/ai/status — endpoint health, installed and loaded models, and whether each role can answer
import { getAiStatus } from "@/lib/ai/endpoint-status";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /ai/status", async (_req, actor) => json({ status: await getAiStatus(actor) }));
