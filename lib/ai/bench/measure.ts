// One model through the standard jobs: the same prompts, schemas, repair and corrective retry the
// real jobs use (runStructured), pinned to this one model with no fallback and no cache, with
// the timings of every call. Load time, token rate and total come from Ollama's own figures
// (load_duration, eval_count / eval_duration, total_duration) where it reports them; time to
// first token is measured here, from the request to the first streamed token.
import "server-only";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { complexityOutputSchema, normalizeComplexity } from "../drafts/complexity";
import { expandOutputSchema, normalizePlan, normalizeSubtasks, parsePrdOutputSchema } from "../drafts/plan";
import { runStructured, type AttemptReport, type StructuredJob } from "../engine";
import type { ChainLink } from "../fallback-policy";
import { COMPLEXITY_SYSTEM, complexityPrompt } from "../prompts/complexity";
import { EXPAND_SYSTEM, expandPrompt } from "../prompts/expand";
import { PARSE_PRD_SYSTEM, parsePrdPrompt } from "../prompts/parse-prd";
import type { AiSettingsDto } from "../types";
import {
  BENCH_COMPLEXITY_TASKS,
  BENCH_EXPAND_COUNT,
  BENCH_EXPAND_PREREQUISITES,
  BENCH_EXPAND_TASK,
  BENCH_PRD,
  BENCH_PRD_TASKS,
} from "./sample";
import { BENCH_JOBS, type BenchJob, type BenchJobResult, type BenchModelResult, type BenchSummary } from "./types";

const schemaOf = (s: z.ZodType) => z.toJSONSchema(s) as Record<string, unknown>;

/** How long a measured model stays loaded after each bench request (Ollama's own default). */
const BENCH_KEEP_ALIVE = "5m";

/** The structured call each standard job makes, exactly as the job itself builds it. */
export function benchJobSpec(job: BenchJob, numCtx: number): Pick<StructuredJob<unknown>, "system" | "prompt" | "schema" | "normalize"> {
  switch (job) {
    case "parse-prd":
      return {
        system: PARSE_PRD_SYSTEM,
        prompt: parsePrdPrompt(BENCH_PRD, { numTasks: BENCH_PRD_TASKS, numCtx, existing: [] }).text,
        schema: schemaOf(parsePrdOutputSchema),
        normalize: (v) => normalizePlan(v, { maxTasks: BENCH_PRD_TASKS }),
      };
    case "expand":
      return {
        system: EXPAND_SYSTEM,
        prompt: expandPrompt(BENCH_EXPAND_TASK, {
          count: BENCH_EXPAND_COUNT,
          numCtx,
          prerequisites: BENCH_EXPAND_PREREQUISITES,
          existing: [],
        }).text,
        schema: schemaOf(expandOutputSchema),
        normalize: (v) => normalizeSubtasks(v, { maxSubtasks: BENCH_EXPAND_COUNT }),
      };
    case "complexity":
      return {
        system: COMPLEXITY_SYSTEM,
        prompt: complexityPrompt(BENCH_COMPLEXITY_TASKS, numCtx).text,
        schema: schemaOf(complexityOutputSchema),
        normalize: (v) =>
          normalizeComplexity(
            v,
            BENCH_COMPLEXITY_TASKS.map((t) => t.ref),
          ),
      };
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The figures of one job from its calls (one, or two when the first answer was corrected). */
export function jobFigures(job: BenchJob, calls: AttemptReport[]): Omit<BenchJobResult, "validity" | "repairs" | "error"> {
  const first = calls[0];
  const answered = calls.filter((c) => c.ttftMs !== null);
  const fromOllama = answered.length > 0 && answered.every((c) => c.ollama?.evalCount !== undefined && c.ollama?.evalNs);
  let tokensPerSecond: number | null = null;
  let outputTokens: number | null = null;
  if (fromOllama) {
    outputTokens = sum(answered.map((c) => c.ollama!.evalCount!));
    tokensPerSecond = outputTokens / (sum(answered.map((c) => c.ollama!.evalNs!)) / 1e9);
  } else if (answered.length > 0) {
    // Other servers report no timings: tokens over the time between the first and the last token.
    outputTokens = sum(answered.map((c) => c.outputTokens ?? 0)) || null;
    const seconds = sum(answered.map((c) => Math.max(0, (c.lastTokenMs ?? 0) - (c.ttftMs ?? 0)))) / 1000;
    tokensPerSecond = outputTokens && seconds > 0 ? outputTokens / seconds : null;
  }
  return {
    job,
    attempts: calls.length,
    loadMs: first?.ollama?.loadNs !== undefined ? round1(first.ollama.loadNs / 1e6) : null,
    ttftMs: first?.ttftMs ?? null,
    tokensPerSecond: tokensPerSecond === null ? null : round1(tokensPerSecond),
    outputTokens,
    totalMs: Math.round(sum(calls.map((c) => (c.ollama?.totalNs !== undefined ? c.ollama.totalNs / 1e6 : c.durationMs)))),
    measuredBy: first?.ollama ? "ollama" : "stream",
  };
}

export function summarize(jobs: BenchJobResult[]): BenchSummary {
  const ttfts = jobs.map((j) => j.ttftMs).filter((t): t is number => t !== null);
  const rated = jobs.filter((j) => j.tokensPerSecond && j.outputTokens);
  const genSeconds = sum(rated.map((j) => j.outputTokens! / j.tokensPerSecond!));
  return {
    loadMs: jobs[0]?.loadMs ?? null,
    ttftMs: ttfts.length ? Math.round(sum(ttfts) / ttfts.length) : null,
    tokensPerSecond: genSeconds > 0 ? round1(sum(rated.map((j) => j.outputTokens!)) / genSeconds) : null,
    totalMs: sum(jobs.map((j) => j.totalMs)),
    valid: jobs.filter((j) => j.validity === "first-time" || j.validity === "after-repair").length,
    firstTime: jobs.filter((j) => j.validity === "first-time").length,
    jobs: BENCH_JOBS.length,
  };
}

const messageOf = (e: unknown) => (isAppError(e) || e instanceof Error ? e.message : String(e));

export interface BenchModelHooks {
  signal: AbortSignal;
  userId?: string;
  /** Before each job starts. */
  onJob: (job: BenchJob) => Promise<void> | void;
  /** After each job, with the model's results so far. */
  onResult: (result: BenchModelResult) => Promise<void> | void;
}

/**
 * Runs the standard jobs on one model. A model that never answers (missing, endpoint down, no
 * first token in time) is a failed result with the reason, not an error: the bench goes on with
 * the next model. A Stop (the signal) is rethrown.
 */
export async function benchModel(
  link: ChainLink,
  settings: AiSettingsDto,
  base: Pick<BenchModelResult, "parameterSize">,
  hooks: BenchModelHooks,
): Promise<BenchModelResult> {
  const result: BenchModelResult = {
    endpointId: link.endpoint.id,
    endpointName: link.endpoint.name,
    model: link.model,
    status: "running",
    parameterSize: base.parameterSize,
    jobs: [],
    summary: null,
    error: null,
  };
  for (const job of BENCH_JOBS) {
    await hooks.onJob(job);
    const calls: AttemptReport[] = [];
    let validity: BenchJobResult["validity"];
    let repairs: string[] = [];
    let error: string | null = null;
    try {
      const answer = await runStructured({
        job: `bench-${job}`,
        role: "main",
        routedBecause: "model bench",
        link,
        // The model stays in memory between its jobs whatever the main role's keep-alive says
        // (it may unload after each request): load time is measured once, on the first job.
        keepAlive: BENCH_KEEP_ALIVE,
        noCache: true,
        userId: hooks.userId,
        signal: hooks.signal,
        onAttempt: (report) => calls.push(report),
        ...benchJobSpec(job, settings.numCtx),
      });
      repairs = answer.repairs;
      validity = answer.attempts === 1 && answer.repairs.length === 0 ? "first-time" : "after-repair";
    } catch (e) {
      if (hooks.signal.aborted) throw e;
      // The call's own reason ("… answered HTTP 404: model 'x' not found") reads better than the chain's summary.
      error = calls.at(-1)?.error ?? messageOf(e);
      validity = calls.some((c) => c.ttftMs !== null) ? "invalid" : null;
    }
    result.jobs.push({ ...jobFigures(job, calls), validity, repairs, error });
    result.summary = summarize(result.jobs);
    if (validity === null) {
      // The model never started answering: the other jobs would only wait for the same failure.
      result.status = "failed";
      result.error = error;
      break;
    }
    await hooks.onResult(result);
  }
  if (result.status === "running") result.status = "done";
  await hooks.onResult(result);
  return result;
}
