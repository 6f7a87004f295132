// POST /api/v1/ai/pull — pull a model onto an Ollama endpoint (admin); always server-sent events:
// `progress` while it downloads, then `result` or `error`. Closing the request cancels the pull.
import { preparePull, streamPull } from "@/lib/ai/pull";
import { withActor } from "@/lib/http/handler";
import { readJson } from "@/lib/http/respond";
import { sseResponse } from "@/lib/http/sse";

export const POST = withActor(async (req, actor) => {
  const target = await preparePull(actor, await readJson(req));
  return sseResponse(req, async (w) => {
    const pull = streamPull(target, w.signal);
    for (;;) {
      const step = await pull.next();
      if (step.done) return step.value;
      w.send("progress", step.value);
    }
  });
});
