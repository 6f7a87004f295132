// GET /api/v1/projects/:projectId/integrations/github/deliveries — the delivery log, newest first
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { listDeliveries } from "@/lib/integrations/github/links";

export const GET = withActor<{ projectId: string }>(
  "GET /projects/{projectId}/integrations/github/deliveries",
  async (req, actor, { projectId }) => json({ deliveries: await listDeliveries(actor, projectId, queryObject(req)) }),
);
