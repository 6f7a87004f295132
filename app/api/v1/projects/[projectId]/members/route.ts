// GET|POST /api/v1/projects/:projectId/members — list members; the owner adds one by email
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { addMember, listMembers } from "@/lib/tasks/projects";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}/members", async (_req, actor, { projectId }) => json({ members: await listMembers(actor, projectId) }));
export const POST = withActor<P>("POST /projects/{projectId}/members", async (_req, actor, { projectId }, body) =>
  json({ member: await addMember(actor, projectId, body) }, 201),
);
