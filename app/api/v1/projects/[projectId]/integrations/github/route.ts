// GET/POST /api/v1/projects/:projectId/integrations/github — the owner lists and links repositories
import { withActor } from "@/lib/http/handler";
import { publicOrigin } from "@/lib/http/origin";
import { json } from "@/lib/http/respond";
import { linkRepository, listLinks } from "@/lib/integrations/github/links";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/integrations/github", async (req, actor, { projectId }) =>
  json({ links: await listLinks(actor, projectId, publicOrigin(req)) }),
);

export const POST = withActor<{ projectId: string }>(
  "POST /projects/{projectId}/integrations/github",
  async (req, actor, { projectId }, body) => json({ link: await linkRepository(actor, projectId, body, publicOrigin(req)) }, 201),
);
