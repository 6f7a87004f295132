// POST /api/v1/projects/:projectId/chat — one turn of the planning chat, streamed as a UI message stream (SSE)
import { chatTurn } from "@/lib/ai/chat/turn";
import { withActor } from "@/lib/http/handler";
import { readJson } from "@/lib/http/respond";
import { uiMessageStreamResponse } from "@/lib/http/sse";

export const POST = withActor<{ projectId: string }>(async (req, actor, { projectId }) =>
  uiMessageStreamResponse(await chatTurn(actor, projectId, await readJson(req), req.signal)),
);
