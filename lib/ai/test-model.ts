// The Test button: one tiny structured request straight to a model. runStructured would pick the
// model itself and could answer from its cache, so a probe that measures one exact model talks to
// the provider directly — with the same options, time-outs and run log as real jobs.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import type { AiEndpoint } from "@/lib/validation/ai";
import { modelTestInput } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { AttemptError, errorText, logRun, watchedStream, type Failure, type StreamWatch } from "./attempts";
import { endpointAnswered, endpointById, requireChain, type ChainLink } from "./fallback-policy";
import { keepAliveFor } from "./keep-alive";
import { contextFor, modelFacts } from "./model-facts";
import { structuredCallOptions } from "./providers";
import { extractJson } from "./repair";
import { readAiSettings } from "./settings";
import type { AiSettingsDto, ModelProbe, ModelTestResult } from "./types";

export const TEST_JOB = "test";
const SCHEMA = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };

// Wording for the Settings page, where the endpoint may not be Ollama.
function describeFailure(f: Failure, endpoint: AiEndpoint, original: unknown): string {
  if (f.kind === "timeout" && f.stage === "before-first-token") {
    return `${endpoint.name} did not start answering within the first-token time-out (the model may still be loading).`;
  }
  if (f.kind === "unreachable" && /Cannot connect|ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH/i.test(errorText(original))) {
    return `Cannot reach ${endpoint.name} at ${endpoint.url}. Is it running?`;
  }
  return f.message;
}

async function probe(
  actor: Actor,
  endpoint: AiEndpoint,
  model: string,
  settings: AiSettingsDto,
  signal?: AbortSignal,
  keepAlive?: string,
): Promise<ModelProbe> {
  const started = performance.now();
  const watch: StreamWatch = { ttftMs: null };
  let text = "";
  let finish = "none";
  let usage: { inputTokens?: { total?: number }; outputTokens?: { total?: number } } | undefined;
  let error: string | null = null;
  let failure: Failure | null = null;
  const call = structuredCallOptions(endpoint, {
    prompt: [
      { role: "system", content: "You check that a language model answers. Reply with JSON only." },
      { role: "user", content: [{ type: "text", text: 'Reply with {"ok": true}' }] },
    ],
    schema: SCHEMA,
    // Like a job: never more context than the model has (Ollama would allocate it, or refuse).
    numCtx: contextFor(settings.numCtx, await modelFacts(endpoint, model)),
    temperature: settings.temperature,
    maxOutputTokens: 64,
  });
  const limits = { firstTokenTimeoutMs: settings.firstTokenTimeoutMs, idleTimeoutMs: settings.idleTimeoutMs, keepAlive };
  try {
    for await (const part of watchedStream(endpoint, model, call, limits, signal, watch)) {
      if (part.type === "text-delta") text += part.delta;
      else if (part.type === "finish") {
        finish = part.finishReason.unified;
        usage = part.usage as typeof usage;
      }
    }
    if (finish !== "stop") {
      error =
        finish === "length"
          ? `${model} ran out of room before finishing a two-word answer.`
          : `The answer from ${model} did not end cleanly (finish: ${finish}).`;
    } else {
      try {
        const { value } = extractJson(text);
        if (typeof value !== "object" || value === null || Array.isArray(value)) error = `${model} answered, but not with a JSON object.`;
      } catch (e) {
        error = `${model} answered, but not with usable JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  } catch (e) {
    if (!(e instanceof AttemptError)) throw e;
    failure = e.failure;
    error = describeFailure(e.failure, endpoint, e.original);
  }
  const ttftMs = watch.ttftMs;
  const durationMs = Math.round(performance.now() - started);
  if (!error) endpointAnswered(endpoint);
  const outcome = !error
    ? "ok"
    : failure?.kind === "aborted" || failure?.kind === "timeout"
      ? failure.kind
      : ttftMs !== null && finish !== "stop"
        ? "incomplete"
        : ttftMs !== null
          ? "invalid"
          : "error";
  await logRun({
    job: TEST_JOB,
    endpoint: endpoint.url,
    model,
    attempt: 1,
    ttftMs,
    durationMs,
    promptTokens: usage?.inputTokens?.total,
    outputTokens: usage?.outputTokens?.total,
    outcome,
    error: error ?? undefined,
    userId: actor.userId,
  });
  return { ok: !error, endpointId: endpoint.id, endpoint: endpoint.name, model, ttftMs, durationMs, error };
}

/**
 * Asks one model (or a role's chain, in the order a job would try it) for a tiny JSON answer and
 * reports who answered and how fast. A failing model is a result, not an error: the page shows it.
 */
export async function testModel(actor: Actor, raw: unknown, signal?: AbortSignal): Promise<ModelTestResult> {
  requireScope(actor, "admin");
  const input = parseInput(modelTestInput, raw);
  const settings = await readAiSettings();
  // Every link of the chain, cooling down or not: the test measures each one.
  const links: ChainLink[] =
    "role" in input
      ? requireChain(settings, input.role, input.role)
      : [{ endpoint: endpointById(settings, input.endpointId), model: input.model }];
  const skipped: ModelProbe[] = [];
  for (const link of links) {
    // A role's test is one of that role's requests, keep_alive included.
    const keepAlive = "role" in input ? keepAliveFor(settings, input.role, link) : undefined;
    const result = await probe(actor, link.endpoint, link.model, settings, signal, keepAlive);
    if (result.ok || signal?.aborted || link === links.at(-1)) return { ...result, skipped };
    skipped.push(result);
  }
  // Unreachable: the loop returns on its last link.
  throw new AppError("unavailable", "No model could be tested.");
}
