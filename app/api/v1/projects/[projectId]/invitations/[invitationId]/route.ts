// DELETE /api/v1/projects/:projectId/invitations/:invitationId — the owner cancels a pending invitation
import { withActor } from "@/lib/http/handler";
import { cancelInvitation } from "@/lib/tasks/invitations";

export const DELETE = withActor<{ projectId: string; invitationId: string }>(
  "DELETE /projects/{projectId}/invitations/{invitationId}",
  async (_req, actor, { projectId, invitationId }) => {
    await cancelInvitation(actor, projectId, invitationId);
    return new Response(null, { status: 204 });
  },
);
