// POST /api/v1/invitations/:invitationId/accept — join the project with the invited role
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { acceptInvitation } from "@/lib/tasks/invitations";

export const POST = withActor<{ invitationId: string }>("POST /invitations/{invitationId}/accept", async (_req, actor, { invitationId }) =>
  json({ project: await acceptInvitation(actor, invitationId) }),
);
