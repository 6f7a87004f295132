// POST /api/v1/ai/pull — pull a model onto an Ollama endpoint (admin); always server-sent events:
// `progress` while it downloads, then `result` or `error`. Closing the request cancels the pull.
import { preparePull, streamPull } from "@/lib/ai/pull";
import { withActor } from "@/lib/http/handler";
import { sseResponse } from "@/lib/http/sse";

export const POST = withActor("POST /ai/pull", async (req, actor, _params, body) => {
  const target = await preparePull(actor, body);
  return sseResponse(req, async (w) => {
    const pull = streamPull(target, w.signal);
    for (;;) {
      const step = await pull.next();
      if (step.done) return step.value;
      w.send("progress", step.value);
    }
  });
});
