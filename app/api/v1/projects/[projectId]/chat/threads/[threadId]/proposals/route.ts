// POST /api/v1/projects/:projectId/chat/threads/:threadId/proposals — accept or decline proposal cards
import { decideProposals } from "@/lib/ai/chat/threads";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

type P = { projectId: string; threadId: string };
export const POST = withActor<P>(
  "POST /projects/{projectId}/chat/threads/{threadId}/proposals",
  async (_req, actor, { projectId, threadId }, body) => json({ message: await decideProposals(actor, projectId, threadId, body) }),
);
