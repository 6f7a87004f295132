// GET|PATCH|DELETE /api/v1/projects/:projectId/chat/threads/:threadId — one conversation with its messages
import { deleteThread, getThread, renameThread } from "@/lib/ai/chat/threads";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

type P = { projectId: string; threadId: string };
export const GET = withActor<P>("GET /projects/{projectId}/chat/threads/{threadId}", async (_req, actor, { projectId, threadId }) =>
  json({ thread: await getThread(actor, projectId, threadId) }),
);
export const PATCH = withActor<P>(
  "PATCH /projects/{projectId}/chat/threads/{threadId}",
  async (_req, actor, { projectId, threadId }, body) => json({ thread: await renameThread(actor, projectId, threadId, body) }),
);
export const DELETE = withActor<P>("DELETE /projects/{projectId}/chat/threads/{threadId}", async (_req, actor, { projectId, threadId }) => {
  await deleteThread(actor, projectId, threadId);
  return json({ deleted: true });
});
