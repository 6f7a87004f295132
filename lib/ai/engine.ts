// Structured generation on the user's models: fallback before the first token, first-token and
// idle time-outs, finish-reason checks, repair, validation with one corrective retry, caching
// and a run log row for every attempt. The caller gets a validated value or one plain AppError.
import "server-only";
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { parsePartialJson } from "ai";
import { aborted, AppError, isAppError } from "@/lib/errors";
import type { AiEndpoint, AiRole } from "@/lib/validation/ai";
import { structuredCallOptions } from "./providers";
import { AttemptError, classify, failureOutcome, logRun, watchedStream, type Failure, type StreamWatch } from "./attempts";
import { cachedAnswer, cacheKey, storeAnswer } from "./cache";
import { chainFailed, chainFor, endpointAnswered, linkFailed, linksToTry, type ChainLink } from "./fallback-policy";
import { keepAliveFor } from "./keep-alive";
import { isLocalHost } from "./local-host";
import { contextFor, modelFacts } from "./model-facts";
import { extractJson, stripThinking } from "./repair";
import { readAiSettings } from "./settings";
import type { ModelInfo } from "./jobs/types";
import type { AiSettingsDto } from "./types";

export interface StructuredJob<T> {
  job: string;
  /** The chain that answers: the job's usual role, or "complex" when routing says so (lib/ai/routing.ts). */
  role: AiRole;
  /** Why this role, in words ("complexity 8 ≥ 7 → complex"); kept in the run log and the answer. */
  routedBecause?: string;
  system: string;
  prompt: string;
  /** JSON schema sent as Ollama's `format`. */
  schema: Record<string, unknown>;
  /** Turns the repaired JSON into the job's value; throws (with a readable message) when unusable. */
  normalize: (value: unknown) => { value: T; warnings: string[] };
  onPartial?: (partial: unknown) => void;
  onModel?: (info: ModelInfo) => void;
  signal?: AbortSignal;
  projectId?: string;
  userId?: string;
  /** Output token budget (Ollama num_predict). */
  maxOutputTokens?: number;
  /** Never served from or stored in the cache (conversations). */
  noCache?: boolean;
  /** Not served from the cache (the user asked for a fresh answer); the new answer is stored. */
  fresh?: boolean;
  /** Exactly this model, with no fallback (the bench measures one model): `role` then only labels the run. */
  link?: ChainLink;
  /** Ollama's keep_alive for this job's requests instead of the role's (Settings → AI). */
  keepAlive?: string;
  /** Told about every attempt once it ends, with its timings (Ollama's own where it reports them). */
  onAttempt?: (report: AttemptReport) => void;
}

/** What Ollama's final chunk reported for one answer, in nanoseconds as Ollama sends them. */
export interface OllamaTimings {
  loadNs?: number;
  promptEvalNs?: number;
  evalCount?: number;
  evalNs?: number;
  totalNs?: number;
}

export interface AttemptReport {
  attempt: number;
  /** As in the run log: ok | invalid | incomplete | error | timeout | aborted. */
  outcome: string;
  /** From the request to the first streamed token, measured here; null when none came. */
  ttftMs: number | null;
  /** From the request to the last streamed token, measured here. */
  lastTokenMs: number | null;
  durationMs: number;
  outputTokens?: number;
  /** Absent for servers that are not Ollama (they report no timings). */
  ollama?: OllamaTimings;
  /** The repairs the answer needed to parse (ok answers). */
  repairs?: string[];
  error?: string;
}

export interface StructuredResult<T> {
  value: T;
  warnings: string[];
  repairs: string[];
  endpoint: string;
  model: string;
  cached: boolean;
  /** For a cached answer: when it was stored (ISO). */
  cachedAt?: string;
  role: AiRole;
  routedBecause: string;
  /** The role's chain can reach a host outside the user's network. */
  external: boolean;
  /** Model calls it took on the answering model: 2 when the first answer had to be corrected. */
  attempts: number;
}

interface StreamOutcome {
  text: string;
  finish: string;
  ttftMs: number;
  lastTokenMs: number | null;
  promptTokens?: number;
  outputTokens?: number;
  ollama?: OllamaTimings;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The timing fields of Ollama's final (done) chunk, when this raw chunk is one. */
function ollamaTimings(raw: unknown): OllamaTimings | undefined {
  if (!raw || typeof raw !== "object" || (raw as { done?: unknown }).done !== true) return undefined;
  const r = raw as Record<string, unknown>;
  return {
    loadNs: num(r.load_duration),
    promptEvalNs: num(r.prompt_eval_duration),
    evalCount: num(r.eval_count),
    evalNs: num(r.eval_duration),
    totalNs: num(r.total_duration),
  };
}

async function streamOnce(
  endpoint: AiEndpoint,
  modelId: string,
  prompt: LanguageModelV3Prompt,
  job: StructuredJob<unknown>,
  settings: AiSettingsDto,
  keepAlive: string | undefined,
): Promise<StreamOutcome> {
  const watch: StreamWatch = { ttftMs: null };
  let text = "";
  let finish = "none";
  let usage: { inputTokens?: { total?: number }; outputTokens?: { total?: number } } | undefined;
  let lastPartial = 0;
  let lastTokenMs: number | null = null;
  let ollama: OllamaTimings | undefined;
  // Never ask for more context than the model has (Ollama would allocate it, or refuse).
  const numCtx = contextFor(settings.numCtx, await modelFacts(endpoint, modelId));
  const call = structuredCallOptions(endpoint, {
    prompt,
    schema: job.schema,
    numCtx,
    temperature: settings.temperature,
    maxOutputTokens: job.maxOutputTokens,
  });
  // Raw chunks carry what Ollama measured itself (load, prompt and eval durations): only asked for when someone listens.
  const withRaw = { ...call, ...(job.onAttempt ? { includeRawChunks: true } : {}) };
  // From the request, as the first-token time is (watchedStream starts its clock here too).
  const started = performance.now();
  const limits = { firstTokenTimeoutMs: settings.firstTokenTimeoutMs, idleTimeoutMs: settings.idleTimeoutMs, keepAlive };
  for await (const part of watchedStream(endpoint, modelId, withRaw, limits, job.signal, watch)) {
    if (part.type === "raw") {
      ollama = ollamaTimings(part.rawValue) ?? ollama;
    } else if (part.type === "text-delta") {
      text += part.delta;
      lastTokenMs = performance.now() - started;
      if (job.onPartial && performance.now() - lastPartial > 80) {
        lastPartial = performance.now();
        const partial = await parsePartialJson(stripThinking(text));
        if (partial.value !== undefined) job.onPartial(partial.value);
      }
    } else if (part.type === "finish") {
      finish = part.finishReason.unified;
      usage = part.usage as typeof usage;
    }
  }
  return {
    text,
    finish,
    ttftMs: watch.ttftMs ?? 0,
    lastTokenMs,
    promptTokens: usage?.inputTokens?.total,
    outputTokens: usage?.outputTokens?.total,
    ollama,
  };
}

/** What every job's answer repeats from its structured call: who answered, from the cache or not, and why. */
export function jobMeta(r: StructuredResult<unknown>) {
  return { model: r.model, endpoint: r.endpoint, cached: r.cached, role: r.role, routedBecause: r.routedBecause, external: r.external };
}

export async function runStructured<T>(job: StructuredJob<T>): Promise<StructuredResult<T>> {
  const settings = await readAiSettings();
  const chain = job.link ? [job.link] : linksToTry(chainFor(settings, job.role));
  const route = { role: job.role, routedBecause: job.routedBecause ?? `${job.job} → ${job.role}` };
  const meta = { ...route, external: job.link ? !isLocalHost(job.link.endpoint.url) : settings.external[job.role] };
  const failures: (Failure & { endpoint: string; model: string })[] = [];

  const useCache = settings.cacheTtlSeconds > 0 && !job.noCache;

  for (const link of chain) {
    const where = { endpoint: link.endpoint.name, model: link.model };
    const announce = () => job.onModel?.({ ...where, ...meta });
    const key = cacheKey({
      ...job,
      endpointUrl: link.endpoint.url,
      model: link.model,
      numCtx: settings.numCtx,
      temperature: settings.temperature,
    });
    if (useCache && !job.fresh) {
      const hit = await cachedAnswer(key);
      if (hit) {
        const started = performance.now();
        const { value, warnings } = job.normalize(hit.raw);
        await logRun({
          job: job.job,
          endpoint: link.endpoint.url,
          model: link.model,
          attempt: 1,
          ttftMs: 0,
          durationMs: performance.now() - started,
          outcome: "ok",
          cacheHit: true,
          projectId: job.projectId,
          userId: job.userId,
          ...route,
        });
        announce();
        return {
          value,
          warnings,
          repairs: hit.repairs,
          endpoint: link.endpoint.name,
          model: link.model,
          cached: true,
          ...(hit.storedAt ? { cachedAt: hit.storedAt } : {}),
          ...meta,
          attempts: 0,
        };
      }
    }
    announce();
    let correction: string | null = null;
    let previous = "";
    for (let attempt = 1; attempt <= 2; attempt++) {
      const prompt: LanguageModelV3Prompt = [
        { role: "system", content: job.system },
        { role: "user", content: [{ type: "text", text: job.prompt }] },
        ...(correction
          ? ([
              { role: "assistant", content: [{ type: "text", text: previous.slice(0, 8000) }] },
              {
                role: "user",
                content: [
                  {
                    type: "text",
                    text: `That answer could not be used: ${correction}\nAnswer again with only the JSON object the schema describes.`,
                  },
                ],
              },
            ] as LanguageModelV3Prompt)
          : []),
      ];
      const started = performance.now();
      const base = {
        job: job.job,
        endpoint: link.endpoint.url,
        model: link.model,
        attempt,
        projectId: job.projectId,
        userId: job.userId,
        ...route,
      };
      let out: StreamOutcome;
      try {
        out = await streamOnce(
          link.endpoint,
          link.model,
          prompt,
          job as StructuredJob<unknown>,
          settings,
          job.keepAlive ?? keepAliveFor(settings, job.role, link),
        );
      } catch (e) {
        const f = e instanceof AttemptError ? e.failure : classify(e, link.endpoint, null, false, false);
        const failed = { durationMs: performance.now() - started, outcome: failureOutcome(f, "error"), error: f.message };
        await logRun({ ...base, ttftMs: null, ...failed });
        job.onAttempt?.({ attempt, ttftMs: null, lastTokenMs: null, ...failed });
        if (f.kind === "aborted") throw aborted("Stopped: nothing was written.");
        if (f.stage === "mid-stream") {
          throw new AppError(f.kind === "timeout" ? "timeout" : "bad_gateway", `${f.message} Nothing was written; try again.`, {
            model: link.model,
          });
        }
        // Before the first token: this link is out; a dead or overloaded endpoint cools down.
        linkFailed(link, f);
        failures.push({ ...f, ...where });
        break;
      }
      endpointAnswered(link.endpoint);
      const runBase = {
        ...base,
        ttftMs: Math.round(out.ttftMs),
        durationMs: performance.now() - started,
        promptTokens: out.promptTokens,
        outputTokens: out.outputTokens,
      };
      const report = (outcome: string, extra: { error?: string; repairs?: string[] } = {}) =>
        job.onAttempt?.({
          attempt,
          outcome,
          ttftMs: runBase.ttftMs,
          lastTokenMs: out.lastTokenMs,
          durationMs: runBase.durationMs,
          outputTokens: out.outputTokens,
          ...(out.ollama ? { ollama: out.ollama } : {}),
          ...extra,
        });
      if (out.finish !== "stop") {
        const why =
          out.finish === "length"
            ? "it ran out of room (raise the context size, or ask for fewer items)"
            : "the stream did not end cleanly";
        await logRun({ ...runBase, outcome: "incomplete", error: `finish: ${out.finish}` });
        report("incomplete", { error: `The answer is incomplete: ${why}.` });
        throw new AppError("bad_gateway", `The answer from ${link.model} is incomplete: ${why}. Nothing was written.`, {
          model: link.model,
          finish: out.finish,
        });
      }
      try {
        const repaired = extractJson(out.text);
        if (repaired.truncated) throw new AppError("bad_gateway", "The JSON was cut off before it ended.");
        const { value, warnings } = job.normalize(repaired.value);
        await logRun({ ...runBase, outcome: "ok" });
        report("ok", { repairs: repaired.repairs });
        if (useCache)
          await storeAnswer(
            key,
            { job: job.job, model: link.model },
            { raw: repaired.value, repairs: repaired.repairs },
            settings.cacheTtlSeconds,
          );
        return {
          value,
          warnings,
          repairs: repaired.repairs,
          endpoint: link.endpoint.name,
          model: link.model,
          cached: false,
          ...meta,
          attempts: attempt,
        };
      } catch (e) {
        const message = isAppError(e) || e instanceof Error ? e.message : String(e);
        await logRun({ ...runBase, outcome: "invalid", error: message });
        report("invalid", { error: message });
        failures.push({ stage: "output", kind: "invalid", message: `${link.model}: ${message}`, ...where });
        correction = message;
        previous = out.text;
      }
    }
  }
  throw chainFailed(failures, " Nothing was written.");
}
