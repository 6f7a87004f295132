// GET|POST /api/v1/projects/:projectId/chat/threads — your planning conversations in this project
import { createThread, listThreads } from "@/lib/ai/chat/threads";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}/chat/threads", async (_req, actor, { projectId }) =>
  json({ threads: await listThreads(actor, projectId) }),
);
export const POST = withActor<P>("POST /projects/{projectId}/chat/threads", async (_req, actor, { projectId }, body) =>
  json({ thread: await createThread(actor, projectId, body) }, 201),
);
