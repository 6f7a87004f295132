// The Test button: one tiny structured request straight to a model. runStructured would pick the
// model itself and could answer from its cache, so a probe that measures one exact model talks to
// the provider directly — with the same options, time-outs and run log as real jobs.
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { AppError, invalid } from "@/lib/errors";
import type { AiEndpoint } from "@/lib/validation/ai";
import { modelTestInput } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { structuredCallOptions, languageModel, markEndpointHealthy } from "./providers";
import { extractJson } from "./repair";
import { chainFor, readAiSettings, type AiSettingsDto } from "./settings";

export interface ModelProbe {
  ok: boolean;
  endpointId: string;
  endpoint: string;
  model: string;
  ttftMs: number | null;
  durationMs: number;
  error: string | null;
}

export interface ModelTestResult extends ModelProbe {
  /** Links tried before this one that could not answer (role tests only). */
  skipped: ModelProbe[];
}

export const TEST_JOB = "test";
const SCHEMA = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };

function describeFailure(e: unknown, endpoint: AiEndpoint, timedOut: "first" | "idle" | null, aborted: boolean): string {
  if (aborted) return "Stopped.";
  if (timedOut === "first") return `${endpoint.name} did not start answering within the first-token time-out (the model may still be loading).`;
  if (timedOut === "idle") return `${endpoint.name} stopped sending tokens mid-answer.`;
  const err = e as { statusCode?: number; message?: string; responseBody?: string };
  let text = err?.message ?? String(e);
  if (typeof err?.responseBody === "string") {
    try {
      const body = JSON.parse(err.responseBody) as { error?: unknown };
      if (typeof body.error === "string") text = body.error;
      else if (typeof (body.error as { message?: unknown } | undefined)?.message === "string") text = (body.error as { message: string }).message;
    } catch {}
  }
  if (typeof err?.statusCode === "number") return `${endpoint.name} answered HTTP ${err.statusCode}: ${text}`;
  if (/Cannot connect|ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH/i.test(text)) return `Cannot reach ${endpoint.name} at ${endpoint.url}. Is it running?`;
  return `${endpoint.name}: ${text}`;
}

async function probe(actor: Actor, endpoint: AiEndpoint, model: string, settings: AiSettingsDto, signal?: AbortSignal): Promise<ModelProbe> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort);
  let timedOut: "first" | "idle" | null = null;
  let timer = setTimeout(() => ((timedOut = "first"), controller.abort()), settings.firstTokenTimeoutMs);
  const started = performance.now();
  let ttftMs: number | null = null;
  let text = "";
  let finish = "none";
  let usage: { inputTokens?: { total?: number }; outputTokens?: { total?: number } } | undefined;
  let error: string | null = null;
  try {
    const { stream } = await languageModel(endpoint, model).doStream(
      structuredCallOptions(endpoint, {
        prompt: [
          { role: "system", content: "You check that a language model answers. Reply with JSON only." },
          { role: "user", content: [{ type: "text", text: 'Reply with {"ok": true}' }] },
        ],
        schema: SCHEMA,
        numCtx: settings.numCtx,
        temperature: settings.temperature,
        maxOutputTokens: 64,
        abortSignal: controller.signal,
      }),
    );
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = value as LanguageModelV3StreamPart;
      if (part.type === "text-delta" || part.type === "reasoning-delta") {
        ttftMs ??= Math.round(performance.now() - started);
        clearTimeout(timer);
        timer = setTimeout(() => ((timedOut = "idle"), controller.abort()), settings.idleTimeoutMs);
        if (part.type === "text-delta") text += part.delta;
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "finish") {
        finish = part.finishReason.unified;
        usage = part.usage as typeof usage;
      }
    }
    if (finish !== "stop") {
      error = finish === "length" ? `${model} ran out of room before finishing a two-word answer.` : `The answer from ${model} did not end cleanly (finish: ${finish}).`;
    } else {
      try {
        const { value } = extractJson(text);
        if (typeof value !== "object" || value === null || Array.isArray(value)) error = `${model} answered, but not with a JSON object.`;
      } catch (e) {
        error = `${model} answered, but not with usable JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  } catch (e) {
    error = describeFailure(e, endpoint, timedOut, !!signal?.aborted);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  const durationMs = Math.round(performance.now() - started);
  if (!error) markEndpointHealthy(endpoint);
  const outcome = !error ? "ok" : signal?.aborted ? "aborted" : timedOut ? "timeout" : ttftMs !== null && finish !== "stop" ? "incomplete" : ttftMs !== null ? "invalid" : "error";
  await db.aiRun
    .create({
      data: {
        job: TEST_JOB,
        endpoint: endpoint.url,
        model,
        attempt: 1,
        ttftMs,
        durationMs,
        promptTokens: usage?.inputTokens?.total ?? null,
        outputTokens: usage?.outputTokens?.total ?? null,
        outcome,
        error: error?.slice(0, 2000) ?? null,
        userId: actor.userId,
      },
    })
    .catch((e) => console.error("[cairn] could not log an AI run", e));
  return { ok: !error, endpointId: endpoint.id, endpoint: endpoint.name, model, ttftMs, durationMs, error };
}

/**
 * Asks one model (or a role's chain, in the order a job would try it) for a tiny JSON answer and
 * reports who answered and how fast. A failing model is a result, not an error: the page shows it.
 */
export async function testModel(actor: Actor, raw: unknown, signal?: AbortSignal): Promise<ModelTestResult> {
  requireScope(actor, "write");
  const input = parseInput(modelTestInput, raw);
  const settings = await readAiSettings();
  let links: { endpoint: AiEndpoint; model: string }[];
  if ("role" in input) {
    links =
      input.role === "fallback"
        ? settings.roles.fallback.flatMap((l) => settings.endpoints.filter((e) => e.id === l.endpointId).map((endpoint) => ({ endpoint, model: l.model })))
        : chainFor(settings, input.role);
    if (links.length === 0) throw new AppError("unavailable", `No ${input.role} model is configured. Choose one in Settings → AI.`);
  } else {
    const endpoint = settings.endpoints.find((e) => e.id === input.endpointId);
    if (!endpoint) throw invalid(`endpointId: unknown endpoint "${input.endpointId}"`);
    links = [{ endpoint, model: input.model }];
  }
  const skipped: ModelProbe[] = [];
  for (const link of links) {
    const result = await probe(actor, link.endpoint, link.model, settings, signal);
    if (result.ok || signal?.aborted || link === links.at(-1)) return { ...result, skipped };
    skipped.push(result);
  }
  // Unreachable: the loop returns on its last link.
  throw new AppError("unavailable", "No model could be tested.");
}
