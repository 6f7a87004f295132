// GET|POST /api/v1/projects/:projectId/members — list members; the owner invites someone by email
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { inviteMember } from "@/lib/tasks/invitations";
import { listMembers } from "@/lib/tasks/projects";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}/members", async (_req, actor, { projectId }) =>
  json({ members: await listMembers(actor, projectId) }),
);
// The same answer whether or not an account uses the address: a pending invitation.
export const POST = withActor<P>("POST /projects/{projectId}/members", async (_req, actor, { projectId }, body) =>
  json({ invitation: await inviteMember(actor, projectId, body) }, 201),
);
