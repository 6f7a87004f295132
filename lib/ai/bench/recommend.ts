// Which model to use for each role, from the bench's latest figures per model. Pure.
import type { AiRole } from "@/lib/validation/ai";
import type { BenchModelResult, BenchRecommendation, BenchRunDto } from "./types";

export const RECOMMENDATION_METHOD =
  "From each model's latest bench result. Only models with at least one valid plan count. " +
  "main: the most valid plans, then the most valid first time, then the shortest total time. " +
  "fast: among the models with the most valid plans, the shortest time to first token. " +
  "complex: the most valid first time, then the larger model, then the most tokens per second. " +
  "fallback: the best after main by main's rule, preferably on another endpoint.";

interface Candidate {
  result: BenchModelResult & { summary: NonNullable<BenchModelResult["summary"]> };
  measuredAt: string;
}

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);
const validText = (c: Candidate) => `valid ${c.result.summary.valid}/${c.result.summary.jobs}`;

/** "3.8B" → 3.8e9, "751.63M" → 7.5e8; unknown sizes sort last. */
export function parameterCount(size: string | null): number {
  const m = /^([\d.]+)\s*([KMBT])?/i.exec(size ?? "");
  if (!m) return 0;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[(m[2] ?? "B").toUpperCase() as "K" | "M" | "B" | "T"];
  return Number(m[1]) * scale;
}

/** The newest finished result of every (endpoint, model); runs come newest first. */
export function latestResults(runs: BenchRunDto[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const run of runs) {
    for (const r of run.models) {
      const key = `${r.endpointId}\u0000${r.model}`;
      if (seen.has(key) || (r.status !== "done" && r.status !== "failed") || !r.summary) continue;
      seen.set(key, { result: r as Candidate["result"], measuredAt: run.finishedAt ?? run.createdAt });
    }
  }
  return [...seen.values()];
}

const totalOf = (c: Candidate) => c.result.summary.totalMs;
const ttftOf = (c: Candidate) => c.result.summary.ttftMs ?? Number.POSITIVE_INFINITY;

function byMain(a: Candidate, b: Candidate) {
  return (
    b.result.summary.valid - a.result.summary.valid || b.result.summary.firstTime - a.result.summary.firstTime || totalOf(a) - totalOf(b)
  );
}

export function recommend(runs: BenchRunDto[]): BenchRecommendation[] {
  const candidates = latestResults(runs).filter((c) => c.result.summary.valid > 0);
  if (candidates.length === 0) return [];
  const pick = (role: AiRole, c: Candidate, because: string): BenchRecommendation => ({
    role,
    endpointId: c.result.endpointId,
    endpointName: c.result.endpointName,
    model: c.result.model,
    because,
    measuredAt: c.measuredAt,
  });
  const out: BenchRecommendation[] = [];

  const main = [...candidates].sort(byMain)[0]!;
  out.push(pick("main", main, `${validText(main)} (${main.result.summary.firstTime} first time), ${seconds(totalOf(main))} in all`));

  const mostValid = Math.max(...candidates.map((c) => c.result.summary.valid));
  const fast = candidates.filter((c) => c.result.summary.valid === mostValid).sort((a, b) => ttftOf(a) - ttftOf(b) || byMain(a, b))[0]!;
  out.push(pick("fast", fast, `${seconds(fast.result.summary.ttftMs)} to first token, ${validText(fast)}`));

  const complex = [...candidates].sort(
    (a, b) =>
      b.result.summary.firstTime - a.result.summary.firstTime ||
      parameterCount(b.result.parameterSize) - parameterCount(a.result.parameterSize) ||
      (b.result.summary.tokensPerSecond ?? 0) - (a.result.summary.tokensPerSecond ?? 0),
  )[0]!;
  out.push(
    pick(
      "complex",
      complex,
      `${complex.result.summary.firstTime}/${complex.result.summary.jobs} valid first time` +
        (complex.result.parameterSize ? `, ${complex.result.parameterSize} parameters` : ""),
    ),
  );

  const others = candidates.filter((c) => c !== main).sort(byMain);
  const fallback = others.find((c) => c.result.endpointId !== main.result.endpointId) ?? others[0];
  if (fallback) {
    out.push(
      pick("fallback", fallback, `next best after ${main.result.model}: ${validText(fallback)}, ${seconds(totalOf(fallback))} in all`),
    );
  }
  return out;
}
