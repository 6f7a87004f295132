// PATCH/DELETE /api/v1/projects/:projectId/integrations/github/:linkId — change the label filter, or unlink
import { withActor } from "@/lib/http/handler";
import { publicOrigin } from "@/lib/http/origin";
import { json } from "@/lib/http/respond";
import { unlinkRepository, updateLink } from "@/lib/integrations/github/links";

type P = { projectId: string; linkId: string };

export const PATCH = withActor<P>(
  "PATCH /projects/{projectId}/integrations/github/{linkId}",
  async (req, actor, { projectId, linkId }, body) => json({ link: await updateLink(actor, projectId, linkId, body, publicOrigin(req)) }),
);

export const DELETE = withActor<P>(
  "DELETE /projects/{projectId}/integrations/github/{linkId}",
  async (_req, actor, { projectId, linkId }) => {
    await unlinkRepository(actor, projectId, linkId);
    return new Response(null, { status: 204 });
  },
);
