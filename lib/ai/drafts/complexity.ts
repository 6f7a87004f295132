// The analyse-complexity job: what the model is asked for, and its answer read into one entry
// per known task.
import { z } from "zod";
import { canonicalRef, isRecord, Notes } from "@/lib/lenient";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { assertShape, describeValue, locateList, pick, PlanShapeError, readText, type ListSpec, type NormalizeResult } from "./answer";

// Sent to Ollama as `format` (see plan.ts for why only numbers carry limits here).
export const complexityEntrySchema = z.strictObject({
  taskId: z.string().describe('The task\'s ref, e.g. "12"'),
  complexityScore: z.int().min(1).max(10),
  recommendedSubtasks: z.int().min(0).max(TASK_LIMITS.recommendedSubtasks),
  expansionPrompt: z.string().describe("Instructions for breaking this task into subtasks"),
  reasoning: z.string(),
});
export const complexityOutputSchema = z.strictObject({ tasks: z.array(complexityEntrySchema).min(1) });

export type ComplexityOutput = z.infer<typeof complexityOutputSchema>;

export interface ComplexityDraft {
  /** Canonical ref of an existing task, e.g. "12". */
  taskRef: string;
  complexityScore: number;
  /** null when the model gave no usable count. */
  recommendedSubtasks: number | null;
  expansionPrompt: string;
  reasoning: string;
}

const complexityDraftSchema = z.strictObject({
  taskRef: z.string().min(1),
  complexityScore: z.int().min(1).max(10),
  recommendedSubtasks: z.int().min(0).max(TASK_LIMITS.recommendedSubtasks).nullable(),
  expansionPrompt: z.string().max(TASK_LIMITS.expansionPrompt),
  reasoning: z.string().max(TASK_LIMITS.complexityReasoning),
});

function readNumber(v: unknown): { n: number; fromText: boolean } | null {
  if (typeof v === "number" && Number.isFinite(v)) return { n: v, fromText: false };
  if (typeof v === "string") {
    // "7", "7.5", "7/10", "8 out of 10"
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*10|out of 10)?\s*$/i.exec(v);
    if (m) return { n: Number(m[1]), fromText: true };
  }
  return null;
}

const SUBTASK_COUNT_ALIASES = [
  "recommendedsubtasks",
  "subtasks",
  "numsubtasks",
  "subtaskcount",
  "numberofsubtasks",
  "recommendedsubtaskcount",
];
const PROMPT_ALIASES = ["expansionprompt", "expandprompt", "prompt", "expansion"];
const REASONING_ALIASES = ["reasoning", "reason", "rationale", "explanation", "justification"];

const COMPLEXITY_LIST: ListSpec = {
  key: "tasks",
  aliases: ["tasks", "complexityanalysis", "analysis", "results", "taskanalysis", "complexity"],
  itemKeys: ["taskid", "complexityscore", "score"],
  noun: "task",
};

/**
 * Turns the analyse-complexity output into one entry per known task. `knownRefs` are the refs
 * that were sent for analysis; entries about anything else are dropped.
 */
export function normalizeComplexity(raw: unknown, knownRefs: string[]): NormalizeResult<ComplexityDraft[]> {
  const notes = new Notes("task");
  const located = locateList(raw, COMPLEXITY_LIST);
  if ("problem" in located) {
    throw new PlanShapeError(`The model's answer has no usable analysis: ${located.problem}.`, [located.problem]);
  }
  if (located.note) notes.add(located.note);

  const known = new Set(knownRefs.map((r) => canonicalRef(r)).filter((r): r is string => r !== null));
  const problems: string[] = [];
  const out: ComplexityDraft[] = [];
  const done = new Set<string>();

  located.list.forEach((entry, index) => {
    const pos = index + 1;
    if (!isRecord(entry)) {
      problems.push(`entry ${pos} is ${describeValue(entry)}, not an object`);
      notes.add(`Dropped entry ${pos}: it is not an object`);
      return;
    }
    const used = new Set<string>();
    const idPick = pick(entry, ["taskid", "id", "task", "ref", "taskref", "tasknumber"], used);
    const rawRef = idPick?.value ?? entry.__key;
    const ref = canonicalRef(rawRef);
    if (ref === null) {
      problems.push(`entry ${pos} has no usable taskId`);
      notes.add(`Dropped entry ${pos}: no usable taskId${rawRef === undefined ? "" : ` (got ${JSON.stringify(rawRef)})`}`);
      return;
    }
    if (!known.has(ref)) {
      problems.push(`entry ${pos} is about task "${ref}", which was not in the list`);
      notes.add(`Dropped the analysis of unknown task ${ref}`);
      return;
    }
    if (done.has(ref)) {
      notes.add(`Dropped a second analysis of task ${ref}`);
      return;
    }
    if (idPick && idPick.key !== "taskId") notes.group(`Read "${idPick.key}" as taskId`, ref);
    if (typeof rawRef === "number") notes.group("Read numeric task ids as refs", ref);
    else if (typeof rawRef === "string" && rawRef.trim() !== ref) {
      notes.group('Read task ids written like "#3" or "task 3" as refs', ref);
    }

    const scorePick = pick(entry, ["complexityscore", "complexity", "score", "difficulty"], used);
    const score = scorePick ? readNumber(scorePick.value) : null;
    if (!score) {
      problems.push(`entry ${pos} (task ${ref}) has no numeric complexityScore`);
      notes.add(`Dropped the analysis of task ${ref}: no usable complexity score`);
      return;
    }
    if (scorePick && scorePick.key !== "complexityScore") notes.group(`Read "${scorePick.key}" as complexityScore`, ref);
    if (score.fromText) notes.group("Read a complexity score written as text as a number", ref);
    const complexityScore = Math.min(10, Math.max(1, Math.round(score.n)));
    if (complexityScore !== score.n) {
      const how = Number.isInteger(score.n) ? "Clamped" : "Rounded";
      notes.group(`${how} complexity score ${score.n} to ${complexityScore}`, ref);
    }

    const subPick = pick(entry, SUBTASK_COUNT_ALIASES, used);
    const sub = subPick ? readNumber(subPick.value) : null;
    let recommendedSubtasks: number | null = null;
    if (!sub) {
      notes.group("No usable recommendedSubtasks; left it empty", ref);
    } else {
      if (subPick && subPick.key !== "recommendedSubtasks") notes.group(`Read "${subPick.key}" as recommendedSubtasks`, ref);
      if (sub.fromText) notes.group("Read a subtask count written as text as a number", ref);
      recommendedSubtasks = Math.min(TASK_LIMITS.recommendedSubtasks, Math.max(0, Math.round(sub.n)));
      if (recommendedSubtasks !== sub.n) {
        const how = Number.isInteger(sub.n) ? "Clamped" : "Rounded";
        notes.group(`${how} recommendedSubtasks ${sub.n} to ${recommendedSubtasks}`, ref);
      }
    }

    const prompt = readText(
      entry,
      { field: "expansionPrompt", aliases: PROMPT_ALIASES, max: TASK_LIMITS.expansionPrompt, noteKind: false },
      used,
      notes,
      ref,
    );
    const reasoning = readText(
      entry,
      { field: "reasoning", aliases: REASONING_ALIASES, max: TASK_LIMITS.complexityReasoning, noteKind: false },
      used,
      notes,
      ref,
    );
    done.add(ref);
    out.push({ taskRef: ref, complexityScore, recommendedSubtasks, expansionPrompt: prompt, reasoning });
  });

  if (out.length === 0) {
    const list = located.list.length === 0 ? ["the task list is empty"] : problems;
    throw new PlanShapeError(`The model's answer has no usable analysis: ${list.join("; ")}.`, list);
  }
  const missing = [...known].filter((r) => !done.has(r));
  if (missing.length > 0) notes.add(`No analysis came back for ${missing.length === 1 ? "task" : "tasks"} ${missing.join(", ")}`);

  return { value: assertShape(z.array(complexityDraftSchema), out, "analysis"), warnings: notes.list() };
}
