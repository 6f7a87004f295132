// POST /api/v1/ai/bench/:runId/cancel — stop a running bench; what was measured stays (admin)
import { cancelBench } from "@/lib/ai/bench/runs";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

type P = { runId: string };
export const POST = withActor<P>("POST /ai/bench/{runId}/cancel", async (_req, actor, { runId }) =>
  json({ run: await cancelBench(actor, runId) }),
);
