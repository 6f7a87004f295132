// One attempt on one (endpoint, model): the watched stream (first-token and idle time-outs, Stop),
// how a failure is classified, and how every attempt is logged as an AiRun. Shared by structured
// jobs (engine.ts), the planning chat (chain-model.ts) and the model test (test-model.ts); what a
// failure means for the rest of the chain is fallback-policy.ts's to say.
import "server-only";
import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { db } from "@/lib/db";
import { observeAiRun } from "@/lib/ops/metrics";
import type { AiEndpoint } from "@/lib/validation/ai";
import { languageModel } from "./providers";

export type Failure = {
  stage: "before-first-token" | "mid-stream" | "output";
  kind: "unreachable" | "http" | "timeout" | "aborted" | "incomplete" | "invalid";
  message: string;
  /** The HTTP status the endpoint answered with (kind "http"). */
  status?: number;
};

export class AttemptError extends Error {
  constructor(
    readonly failure: Failure,
    /** What the provider threw, when it threw. */
    readonly original?: unknown,
  ) {
    super(failure.message);
  }
}

export const errorText = (e: unknown): string => {
  const err = e as { name?: string; message?: string; statusCode?: number; responseBody?: string; cause?: unknown };
  // The provider's message is only the status text; Ollama's own words are in the body.
  if (typeof err?.responseBody === "string") {
    try {
      const body = JSON.parse(err.responseBody) as { error?: unknown };
      if (typeof body.error === "string") return body.error;
      if (body.error && typeof (body.error as { message?: unknown }).message === "string")
        return (body.error as { message: string }).message;
    } catch {}
  }
  return err?.message ?? String(e);
};

export function classify(
  e: unknown,
  endpoint: AiEndpoint,
  timedOut: "first" | "idle" | null,
  userAborted: boolean,
  gotToken: boolean,
): Failure {
  const stage = gotToken ? "mid-stream" : "before-first-token";
  if (userAborted) return { stage, kind: "aborted", message: "Stopped." };
  if (timedOut === "first")
    return { stage, kind: "timeout", message: `${endpoint.name} did not start answering in time (the model may still be loading).` };
  if (timedOut === "idle") return { stage, kind: "timeout", message: `${endpoint.name} stopped sending tokens mid-answer.` };
  const err = e as { statusCode?: number; message?: string };
  if (typeof err?.statusCode === "number") {
    return { stage, kind: "http", status: err.statusCode, message: `${endpoint.name} answered HTTP ${err.statusCode}: ${errorText(e)}` };
  }
  if (/Cannot connect|ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH/i.test(err?.message ?? "")) {
    return { stage, kind: "unreachable", message: `Cannot reach ${endpoint.name} at ${endpoint.url}. Is Ollama running there?` };
  }
  if (gotToken) return { stage, kind: "incomplete", message: `The answer from ${endpoint.name} broke off mid-stream (${errorText(e)}).` };
  return { stage, kind: "unreachable", message: `${endpoint.name}: ${errorText(e)}` };
}

/** How a failed attempt is logged: a time-out or a Stop as itself, anything else as `otherwise`. */
export const failureOutcome = (f: Failure, otherwise: "error" | "incomplete") =>
  f.kind === "timeout" || f.kind === "aborted" ? f.kind : otherwise;

export async function logRun(row: {
  job: string;
  endpoint: string;
  model: string;
  attempt: number;
  ttftMs: number | null;
  durationMs: number;
  promptTokens?: number;
  outputTokens?: number;
  outcome: string;
  cacheHit?: boolean;
  error?: string;
  projectId?: string;
  userId?: string;
  role?: string;
  routedBecause?: string;
}) {
  observeAiRun({ job: row.job, model: row.model, endpoint: row.endpoint, outcome: row.outcome, ttftMs: row.ttftMs });
  await db.aiRun
    .create({
      data: { ...row, ttftMs: row.ttftMs ?? null, durationMs: Math.round(row.durationMs), error: row.error?.slice(0, 2000) ?? null },
    })
    .catch((e) => console.error("[cairn] could not log an AI run", e));
}

/** Parts that show the model has started answering. */
export const isContentPart = (p: LanguageModelV3StreamPart) =>
  p.type === "text-delta" || p.type === "reasoning-delta" || p.type === "tool-input-start" || p.type === "tool-call";

export interface StreamWatch {
  /** Set when the first content part arrives. */
  ttftMs: number | null;
}

/**
 * One streamed call on one model, watched: no first token within `firstTokenTimeoutMs`, or a
 * silence of `idleTimeoutMs` after it, aborts the request, and so does the caller's signal (Stop).
 * Errors — thrown, or sent as error parts — come out as a classified AttemptError. A consumer
 * that stops reading early (`return`) closes the upstream request.
 */
export async function* watchedStream(
  endpoint: AiEndpoint,
  modelId: string,
  call: Omit<LanguageModelV3CallOptions, "abortSignal">,
  /** The time-outs, and the Ollama keep_alive this request is sent with (lib/ai/keep-alive.ts). */
  timeouts: { firstTokenTimeoutMs: number; idleTimeoutMs: number; keepAlive?: string },
  signal?: AbortSignal,
  watch: StreamWatch = { ttftMs: null },
): AsyncGenerator<LanguageModelV3StreamPart, void> {
  if (signal?.aborted) throw new AttemptError({ stage: "before-first-token", kind: "aborted", message: "Stopped." });
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener("abort", stop);
  let timedOut: "first" | "idle" | null = null;
  let timer = setTimeout(() => ((timedOut = "first"), controller.abort()), timeouts.firstTokenTimeoutMs);
  const started = performance.now();
  let finished = false;
  try {
    const { stream } = await languageModel(endpoint, modelId, { keepAlive: timeouts.keepAlive }).doStream({
      ...call,
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value.type === "error") throw value.error;
      if (watch.ttftMs === null && isContentPart(value)) watch.ttftMs = Math.round(performance.now() - started);
      if (watch.ttftMs !== null) {
        clearTimeout(timer);
        timer = setTimeout(() => ((timedOut = "idle"), controller.abort()), timeouts.idleTimeoutMs);
      }
      yield value;
    }
  } catch (e) {
    throw new AttemptError(classify(e, endpoint, timedOut, !!signal?.aborted, watch.ttftMs !== null), e);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    if (!finished) controller.abort();
  }
}
