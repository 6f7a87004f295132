// POST /api/v1/projects/:projectId/chat — one turn of the planning chat, streamed as a UI message stream (SSE)
import { chatTurn } from "@/lib/ai/chat/turn";
import { withActor } from "@/lib/http/handler";
import { uiMessageStreamResponse } from "@/lib/http/sse";

export const POST = withActor<{ projectId: string }>("POST /projects/{projectId}/chat", async (req, actor, { projectId }, body) =>
  uiMessageStreamResponse(await chatTurn(actor, projectId, body, req.signal)),
);
