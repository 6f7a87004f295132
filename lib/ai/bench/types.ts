// What the model bench returns, as plain types: the browser imports these, never the service.
import type { AiRole } from "@/lib/validation/ai";

/** The standard jobs every benched model answers, in this order. */
export const BENCH_JOBS = ["parse-prd", "expand", "complexity"] as const;
export type BenchJob = (typeof BENCH_JOBS)[number];

/**
 * first-time: the first answer was valid JSON for the job's schema as written; after-repair: valid once
 * Cairn's repair step fixed it or the model corrected it on the retry; invalid: no usable plan at all.
 */
export type BenchValidity = "first-time" | "after-repair" | "invalid";

export interface BenchJobResult {
  job: BenchJob;
  /** null when the model never answered (unreachable, missing, timed out before its first token). */
  validity: BenchValidity | null;
  /** Model calls made: 2 when the first answer had to be corrected. */
  attempts: number;
  /** What the repair step did to the answer that was used ("stripped a code fence", …). */
  repairs: string[];
  /** Ollama's load_duration of the first call; null when not reported. */
  loadMs: number | null;
  /** First streamed token of the first call, measured by Cairn from the request. */
  ttftMs: number | null;
  /** Ollama's eval_count / eval_duration over the calls; estimated from the stream for other servers. */
  tokensPerSecond: number | null;
  outputTokens: number | null;
  /** Ollama's total_duration over the calls where it reports it, else the time Cairn waited. */
  totalMs: number;
  /** "ollama": the load, rate and total are Ollama's own figures; "stream": measured by Cairn from the stream. */
  measuredBy: "ollama" | "stream";
  error: string | null;
}

export interface BenchSummary {
  /** The first call's load time: the cold load, if the model was not loaded yet. */
  loadMs: number | null;
  /** Mean over the jobs that answered. */
  ttftMs: number | null;
  /** All output tokens over all generation time. */
  tokensPerSecond: number | null;
  totalMs: number;
  /** Jobs with a valid plan (first time or after repair), of `jobs`. */
  valid: number;
  firstTime: number;
  jobs: number;
}

export interface BenchModelResult {
  endpointId: string;
  endpointName: string;
  model: string;
  /** pending: not reached yet; failed: the model could not be benched at all (see error). */
  status: "pending" | "running" | "done" | "failed" | "cancelled";
  /** What Ollama says about the model's size ("3.8B"), when it says. */
  parameterSize: string | null;
  jobs: BenchJobResult[];
  summary: BenchSummary | null;
  error: string | null;
}

export interface BenchProgress {
  /** 1-based position of the model being measured, of `models`. */
  modelIndex: number;
  models: number;
  model: string;
  job: BenchJob;
  /** 1-based step over every job of every model, of `steps`. */
  step: number;
  steps: number;
}

export interface BenchRunDto {
  id: string;
  /** interrupted: the server running it stopped before it finished. */
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  /** Cancel was asked for; the run stops at the job in progress. */
  cancelRequested: boolean;
  models: BenchModelResult[];
  progress: BenchProgress | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface BenchRecommendation {
  role: AiRole;
  endpointId: string;
  endpointName: string;
  model: string;
  /** e.g. "1.4 s to first token, valid 3/3". */
  because: string;
  /** When the figures were measured (the run the model's latest result comes from). */
  measuredAt: string;
}

export interface BenchOverviewDto {
  /** Newest first. */
  runs: BenchRunDto[];
  active: BenchRunDto | null;
  recommendations: BenchRecommendation[];
  /** How the recommendations are chosen, in words. */
  method: string;
}
