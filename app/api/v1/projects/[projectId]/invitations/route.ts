// GET /api/v1/projects/:projectId/invitations — the owner lists pending invitations
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { listProjectInvitations } from "@/lib/tasks/invitations";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/invitations", async (_req, actor, { projectId }) =>
  json({ invitations: await listProjectInvitations(actor, projectId) }),
);
