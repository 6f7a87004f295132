// GET /api/v1/projects/:projectId/live — server-sent events: `revision` whenever the plan changes
import { withActor } from "@/lib/http/handler";
import { getRevision } from "@/lib/tasks/board";

export const dynamic = "force-dynamic";

const POLL_MS = 400;
const HEARTBEAT_MS = 15_000;

export const GET = withActor<{ projectId: string }>(async (req, actor, { projectId }) => {
  let last = await getRevision(actor, projectId);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      send(`retry: 2000\nevent: revision\ndata: ${last}\n\n`);
      let sinceBeat = 0;
      // One indexed single-row read per tick per open board: cheap, and it sees writes from any process.
      const timer = setInterval(async () => {
        try {
          const rev = await getRevision(actor, projectId);
          if (rev !== last) {
            last = rev;
            send(`event: revision\ndata: ${rev}\n\n`);
          }
          sinceBeat += POLL_MS;
          if (sinceBeat >= HEARTBEAT_MS) {
            sinceBeat = 0;
            send(`: keep-alive\n\n`);
          }
        } catch {
          // Lost access (removed from the project, project deleted): end the stream.
          stop();
        }
      }, POLL_MS);
      const stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          controller.close();
        } catch {}
      };
      req.signal.addEventListener("abort", stop);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
