// Changing what an Ollama server holds: load a model into memory and unload it (an empty
// generate request, which is how Ollama preloads; keep_alive 0 unloads), create a model from
// another (/api/create, streamed status lines) and delete one. The AI SDK provider does none of
// this, so these go straight to Ollama's own routes, like ollama-admin.ts.
import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { describeNetworkFailure, errorText, httpFailure, normalizeOllamaBaseUrl } from "./ollama-admin";
import type { CreateRequestFields } from "./modelfile";

const DELETE_TIMEOUT_MS = 30_000;

async function send(base: string, path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    const failure = describeNetworkFailure(base, error, timeoutMs);
    throw new AppError(failure.code, failure.message);
  }
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json" },
  body: JSON.stringify(body),
});

/**
 * An empty generate request: with a keep_alive it loads the model (done_reason "load") and keeps
 * it that long; with keep_alive 0 it unloads it ("unload"). `numCtx` should be what jobs send, or
 * Ollama reloads the model at the first real request.
 */
export async function generateEmpty(
  url: string,
  body: { model: string; keep_alive?: string | number; numCtx?: number },
  timeoutMs: number,
): Promise<{ doneReason: string | null }> {
  const base = normalizeOllamaBaseUrl(url);
  const res = await send(
    base,
    "/api/generate",
    json({
      model: body.model,
      prompt: "",
      stream: false,
      ...(body.keep_alive !== undefined && { keep_alive: body.keep_alive }),
      ...(body.numCtx !== undefined && { options: { num_ctx: body.numCtx } }),
    }),
    timeoutMs,
  );
  if (res.status === 404) throw new AppError("not_found", `${body.model} is not installed on ${base}.`);
  if (!res.ok) throw new AppError("bad_gateway", httpFailure(base, res.status, await errorText(res)));
  const parsed = z.object({ done_reason: z.string().optional() }).safeParse(await res.json().catch(() => null));
  return { doneReason: parsed.success ? (parsed.data.done_reason ?? null) : null };
}

/** DELETE /api/delete; a model that is not there is a 404, said plainly. */
export async function deleteOllamaModel(url: string, name: string): Promise<void> {
  const base = normalizeOllamaBaseUrl(url);
  const res = await send(base, "/api/delete", { ...json({ model: name }), method: "DELETE" }, DELETE_TIMEOUT_MS);
  if (res.status === 404) throw new AppError("not_found", `${name} is not installed on ${base}.`);
  if (!res.ok) throw new AppError("bad_gateway", `Ollama could not delete ${name}: ${await errorText(res)} (HTTP ${res.status})`);
  await res.body?.cancel().catch(() => {});
}

const lineSchema = z.object({ status: z.string().optional(), error: z.string().optional() });

/**
 * Streams POST /api/create: each status line as it comes, ending with "success". Ollama refuses
 * some requests before streaming (HTTP 4xx/5xx) and reports later failures as an error line;
 * both become one AppError. Aborting `signal` stops reading and throws its reason.
 */
export async function* createOllamaModel(
  url: string,
  name: string,
  fields: CreateRequestFields,
  signal?: AbortSignal,
): AsyncGenerator<{ status: string }> {
  const base = normalizeOllamaBaseUrl(url);
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", forward, { once: true });
  const fail = (why: string) => new AppError("bad_gateway", `Ollama could not create ${name}: ${why}`);
  let finished = false;
  try {
    const res = await send(base, "/api/create", { ...json({ model: name, ...fields, stream: true }), signal: controller.signal }, 0);
    if (!res.ok) throw fail(`${await errorText(res)} (HTTP ${res.status})`);
    if (!res.body) throw fail("it ended before it finished");
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw fail(`the connection to Ollama was lost (${error instanceof Error ? error.message : String(error)})`);
      }
      buffer += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      const lines = buffer.split("\n");
      buffer = chunk.done ? "" : (lines.pop() ?? "");
      for (const raw of lines) {
        if (!raw.trim()) continue;
        let parsed: z.infer<typeof lineSchema>;
        try {
          parsed = lineSchema.parse(JSON.parse(raw));
        } catch {
          throw fail("it sent an unreadable status line");
        }
        if (parsed.error !== undefined) throw fail(parsed.error);
        const status = parsed.status ?? "";
        yield { status };
        if (status === "success") {
          finished = true;
          return;
        }
      }
      if (chunk.done) throw fail("it ended before it finished");
    }
  } finally {
    signal?.removeEventListener("abort", forward);
    if (!finished) controller.abort();
  }
}
