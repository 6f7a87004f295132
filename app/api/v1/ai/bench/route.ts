// GET /api/v1/ai/bench — bench runs, the one going now and a model per role; POST starts a run (admin)
import { benchOverview, startBench } from "@/lib/ai/bench/runs";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /ai/bench", async (_req, actor) => json({ bench: await benchOverview(actor) }));

export const POST = withActor("POST /ai/bench", async (_req, actor, _params, body) => json({ run: await startBench(actor, body) }, 202));
