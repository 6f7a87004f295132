import "server-only";
import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import { mapError } from "./respond";

export interface SseWriter {
  send(event: string, data: unknown): void;
  signal: AbortSignal;
}

/**
 * Runs `work` and streams its progress as server-sent events; the final `result` or `error`
 * event carries the same JSON the plain endpoint would return (the error with its `status`). Closing the connection aborts
 * `signal`, which AI jobs pass upstream to stop the model.
 */
export function sseResponse(req: Request, work: (w: SseWriter) => Promise<unknown>): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort());
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          open = false;
        }
      };
      try {
        send("result", await work({ send, signal: abort.signal }));
      } catch (e) {
        const { status, body } = mapError(e);
        send("error", { ...body, status });
      } finally {
        open = false;
        try {
          controller.close();
        } catch {}
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}

/** A UI message stream (the planning chat's answer) served as server-sent events. */
export function uiMessageStreamResponse(stream: ReadableStream<UIMessageChunk>): Response {
  return createUIMessageStreamResponse({ stream });
}

export const wantsEventStream = (req: Request) => (req.headers.get("accept") ?? "").includes("text/event-stream");

/**
 * Streams `event` with the value of `read()` now and whenever it changes, polling every
 * `intervalMs`, with a comment line as keep-alive. A failing read (access lost, project gone)
 * ends the stream; so does the client going away.
 */
export function pollingEventStream(
  req: Request,
  // `alive` is asked first on every tick: false (the token revoked, the session signed out) ends the stream.
  opts: {
    event: string;
    first: unknown;
    read: () => Promise<unknown>;
    intervalMs: number;
    heartbeatMs: number;
    alive?: () => Promise<boolean>;
  },
): Response {
  const encoder = new TextEncoder();
  let last = opts.first;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          controller.close();
        } catch {}
      };
      send(`retry: 2000\nevent: ${opts.event}\ndata: ${JSON.stringify(last)}\n\n`);
      let sinceBeat = 0;
      const timer = setInterval(async () => {
        try {
          if (opts.alive && !(await opts.alive())) return stop();
          const value = await opts.read();
          if (value !== last) {
            last = value;
            send(`event: ${opts.event}\ndata: ${JSON.stringify(value)}\n\n`);
          }
          sinceBeat += opts.intervalMs;
          if (sinceBeat >= opts.heartbeatMs) {
            sinceBeat = 0;
            send(`: keep-alive\n\n`);
          }
        } catch {
          stop();
        }
      }, opts.intervalMs);
      req.signal.addEventListener("abort", stop);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
