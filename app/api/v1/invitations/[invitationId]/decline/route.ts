// POST /api/v1/invitations/:invitationId/decline — turn an invitation down
import { withActor } from "@/lib/http/handler";
import { declineInvitation } from "@/lib/tasks/invitations";

export const POST = withActor<{ invitationId: string }>(
  "POST /invitations/{invitationId}/decline",
  async (_req, actor, { invitationId }) => {
    await declineInvitation(actor, invitationId);
    return new Response(null, { status: 204 });
  },
);
