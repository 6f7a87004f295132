// POST /api/v1/ai/models — create a model on an Ollama endpoint from a Modelfile (admin); always
// server-sent events: `progress` (Ollama's status lines), then `result` or `error`.
// DELETE /api/v1/ai/models?endpointId=…&name=… — delete a model from an Ollama endpoint (admin)
import { prepareCreateModel, streamCreateModel } from "@/lib/ai/create-model";
import { deleteModel } from "@/lib/ai/delete-model";
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { sseResponse } from "@/lib/http/sse";

export const POST = withActor("POST /ai/models", async (req, actor, _params, body) => {
  const target = await prepareCreateModel(actor, body);
  return sseResponse(req, async (w) => {
    const create = streamCreateModel(target, w.signal);
    for (;;) {
      const step = await create.next();
      if (step.done) return step.value;
      w.send("progress", step.value);
    }
  });
});

export const DELETE = withActor("DELETE /ai/models", async (req, actor) => json({ result: await deleteModel(actor, queryObject(req)) }));
