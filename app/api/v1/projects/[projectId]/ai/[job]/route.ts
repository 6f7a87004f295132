// POST /api/v1/projects/:projectId/ai/:job — run an AI job; JSON by default, SSE with Accept: text/event-stream
import { runAiJob } from "@/lib/ai/jobs";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { sseResponse, wantsEventStream } from "@/lib/http/sse";

type P = { projectId: string; job: string };
export const POST = withActor<P>("POST /projects/{projectId}/ai/{job}", async (req, actor, { projectId, job }, body) => {
  if (wantsEventStream(req)) {
    return sseResponse(req, (w) =>
      runAiJob(actor, projectId, job, body, {
        onPartial: (p) => w.send("partial", p),
        onModel: (m) => w.send("model", m),
        signal: w.signal,
      }),
    );
  }
  return json(await runAiJob(actor, projectId, job, body, { signal: req.signal }));
});
