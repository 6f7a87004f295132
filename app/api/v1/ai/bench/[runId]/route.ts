// GET /api/v1/ai/bench/:runId — one bench run with its progress and results (admin)
import { getBenchRun } from "@/lib/ai/bench/runs";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

type P = { runId: string };
export const GET = withActor<P>("GET /ai/bench/{runId}", async (_req, actor, { runId }) => json({ run: await getBenchRun(actor, runId) }));
