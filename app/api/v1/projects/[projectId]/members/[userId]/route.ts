// PATCH|DELETE /api/v1/projects/:projectId/members/:userId — change a role; remove (or leave)
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { removeMember, updateMember } from "@/lib/tasks/projects";

type P = { projectId: string; userId: string };
export const PATCH = withActor<P>("PATCH /projects/{projectId}/members/{userId}", async (_req, actor, { projectId, userId }, body) =>
  json({ member: await updateMember(actor, projectId, userId, body) }),
);
export const DELETE = withActor<P>("DELETE /projects/{projectId}/members/{userId}", async (_req, actor, { projectId, userId }) => {
  await removeMember(actor, projectId, userId);
  return new Response(null, { status: 204 });
});
