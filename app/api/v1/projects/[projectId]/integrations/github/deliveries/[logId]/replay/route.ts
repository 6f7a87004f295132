// POST /api/v1/projects/:projectId/integrations/github/deliveries/:logId/replay — apply a failed delivery again
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { replayDelivery } from "@/lib/integrations/github/receive";

export const POST = withActor<{ projectId: string; logId: string }>(
  "POST /projects/{projectId}/integrations/github/deliveries/{logId}/replay",
  async (_req, actor, { projectId, logId }) => json({ delivery: await replayDelivery(actor, projectId, logId) }),
);
