// POST /api/v1/projects/:projectId/integrations/github/:linkId/rotate — a new webhook secret (shown once)
import { withActor } from "@/lib/http/handler";
import { publicOrigin } from "@/lib/http/origin";
import { json } from "@/lib/http/respond";
import { rotateSecret } from "@/lib/integrations/github/links";

export const POST = withActor<{ projectId: string; linkId: string }>(
  "POST /projects/{projectId}/integrations/github/{linkId}/rotate",
  async (req, actor, { projectId, linkId }) => json({ link: await rotateSecret(actor, projectId, linkId, publicOrigin(req)) }),
);
