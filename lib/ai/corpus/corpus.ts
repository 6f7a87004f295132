// Real-world shapes of local-model output for the three AI jobs, each with the outcome Cairn
// must reach. The unit tests pin every case; the benchmark reports the success rate.
import { extractJson, RepairError } from "@/lib/ai/repair";
import { PlanShapeError } from "@/lib/ai/drafts/answer";
import { normalizeComplexity } from "@/lib/ai/drafts/complexity";
import { normalizePlan, normalizeSubtasks } from "@/lib/ai/drafts/plan";
import { COMPLEXITY_CASES } from "./complexity-cases";
import { EXPAND_CASES } from "./expand-cases";
import { PARSE_PRD_CASES } from "./parse-prd-cases";
import type { CorpusCase } from "./types";

export type { CorpusCase, CorpusExpectation, CorpusJob, ListFacts } from "./types";

export const CORPUS: CorpusCase[] = [...PARSE_PRD_CASES, ...EXPAND_CASES, ...COMPLEXITY_CASES];

export type CaseOutcome =
  | { outcome: "ok" | "truncated"; value: unknown[]; warnings: string[]; repairs: string[] }
  | { outcome: "repair-error"; message: string }
  | { outcome: "shape-error"; message: string; truncated: boolean; repairs: string[] };

/** The same pipeline the jobs run: text → JSON → normalised drafts. */
export function runCorpusCase(c: CorpusCase): CaseOutcome {
  let extracted;
  try {
    extracted = extractJson(c.text);
  } catch (e) {
    if (e instanceof RepairError) return { outcome: "repair-error", message: e.message };
    throw e;
  }
  try {
    const normalized =
      c.job === "parse-prd"
        ? normalizePlan(extracted.value, { maxTasks: c.maxItems })
        : c.job === "expand"
          ? normalizeSubtasks(extracted.value, { maxSubtasks: c.maxItems })
          : normalizeComplexity(extracted.value, c.knownRefs ?? []);
    return {
      outcome: extracted.truncated ? "truncated" : "ok",
      value: normalized.value,
      warnings: normalized.warnings,
      repairs: extracted.repairs,
    };
  } catch (e) {
    if (e instanceof PlanShapeError) {
      return { outcome: "shape-error", message: e.message, truncated: extracted.truncated, repairs: extracted.repairs };
    }
    throw e;
  }
}

/**
 * `valid`: cases that came out usable (complete and normalised without error).
 * `expectedValid`: cases the corpus says should. Cut-off answers never count as usable.
 */
export function corpusSuccessRate(): { total: number; valid: number; expectedValid: number } {
  let valid = 0;
  let expectedValid = 0;
  for (const c of CORPUS) {
    if (c.expect.outcome === "ok") expectedValid++;
    if (runCorpusCase(c).outcome === "ok") valid++;
  }
  return { total: CORPUS.length, valid, expectedValid };
}

/** Shapes the corpus is reported by, named by the repair each case's expectation records. */
export const CORPUS_SHAPES = {
  "answer written twice": (r: string) => /repeated cop(y|ies) of the answer/.test(r),
  "JSON sent as a string": (r: string) => r === "decoded the JSON document sent as a string",
} as const;

/** Per shape: how many corpus cases have it and how many of those became valid plans. */
export function corpusShapeRates(): { shape: keyof typeof CORPUS_SHAPES; total: number; valid: number }[] {
  return (Object.keys(CORPUS_SHAPES) as (keyof typeof CORPUS_SHAPES)[]).map((shape) => {
    const cases = CORPUS.filter((c) => "repairs" in c.expect && (c.expect.repairs ?? []).some(CORPUS_SHAPES[shape]));
    return { shape, total: cases.length, valid: cases.filter((c) => runCorpusCase(c).outcome === "ok").length };
  });
}
