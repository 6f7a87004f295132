// POST /api/v1/projects/:projectId/chat — one turn of the planning chat, streamed as a UI message stream (SSE)
import { chatTurn } from "@/lib/ai/chat/turn";
import { withActor } from "@/lib/http/handler";

export const POST = withActor<{ projectId: string }>("POST /projects/{projectId}/chat", async (req, actor, { projectId }, body) => chatTurn(actor, projectId, body, req.signal));
