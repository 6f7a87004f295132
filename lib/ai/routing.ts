// Routing by complexity: which role's chain a job uses, and the reason in words. Expanding or
// updating a task scored at or above the threshold, analysing a whole project, and parsing a
// PRD over COMPLEX_PRD_TOKENS use the "complex" role; everything else keeps the job's usual
// role. Without a complex model the usual role answers, and the reason says so. Pure.
import type { AiRole, ModelLink } from "@/lib/validation/ai";

/** A PRD estimated above this many tokens is a long one (parse-prd then uses the complex role). */
export const COMPLEX_PRD_TOKENS = 6000;
export const DEFAULT_COMPLEXITY_THRESHOLD = 7;

/** Rough token count for English prose and JSON: about four characters a token. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export type RouteSignal =
  /** Expand or update: the highest complexity score among the tasks (null when never scored). */
  | { kind: "complexity"; score: number | null }
  /** Analyse complexity: the whole project, or only the tasks the caller chose. */
  | { kind: "analysis"; wholeProject: boolean }
  | { kind: "prd"; tokens: number }
  /** A job that never routes (add-task, report narrative). */
  | { kind: "usual"; job: string };

export interface Route {
  role: AiRole;
  routedBecause: string;
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function routeJob(
  settings: { roles: Partial<Record<AiRole, ModelLink[]>>; complexityThreshold: number },
  usual: AiRole,
  signal: RouteSignal,
): Route {
  const t = settings.complexityThreshold;
  let wants: boolean;
  let why: string;
  switch (signal.kind) {
    case "complexity":
      if (signal.score === null) return { role: usual, routedBecause: `no complexity score → ${usual}` };
      wants = signal.score >= t;
      why = `complexity ${signal.score} ${wants ? "≥" : "<"} ${t}`;
      break;
    case "analysis":
      wants = signal.wholeProject;
      why = wants ? "whole project" : "chosen tasks only";
      break;
    case "prd":
      wants = signal.tokens > COMPLEX_PRD_TOKENS;
      why = `PRD ≈ ${fmt(signal.tokens)} tokens ${wants ? ">" : "≤"} ${fmt(COMPLEX_PRD_TOKENS)}`;
      break;
    case "usual":
      return { role: usual, routedBecause: `${signal.job} → ${usual}` };
  }
  if (!wants) return { role: usual, routedBecause: `${why} → ${usual}` };
  if (!settings.roles.complex?.length) return { role: usual, routedBecause: `${why}, but no complex model is configured → ${usual}` };
  return { role: "complex", routedBecause: `${why} → complex` };
}
