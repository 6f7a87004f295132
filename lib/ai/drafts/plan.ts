// The parse-PRD and expand jobs: what the model is asked for, and its answer read into drafts
// that save (tasks and subtasks share one path).
import { z } from "zod";
import { clip, compressNumbers, isRecord, normKey, Notes, priorityFromWord, type Rec } from "@/lib/lenient";
import { TASK_PRIORITIES, type TaskPriority } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { assertShape, describeValue, locateList, pick, PlanShapeError, readText, type ListSpec, type NormalizeResult } from "./answer";

// Drafts are clipped to the task columns' limits (TASK_LIMITS), so a draft always saves.
export const DEFAULT_MAX_TASKS = 100;
export const DEFAULT_MAX_SUBTASKS = TASK_LIMITS.recommendedSubtasks;

// ---------------------------------------------------------------------------------------------
// What the model is asked for. These go to Ollama as `format`, which turns them into a sampling
// grammar: long maxLength limits would blow that grammar up, so only the title carries one and
// the normalisers below enforce the rest.

const draftIdSchema = z.int().min(1).max(999);

export const generatedTaskSchema = z.strictObject({
  id: draftIdSchema.describe("1 for the first task, then 2, 3, … in order"),
  title: z.string().min(1).max(TASK_LIMITS.title),
  description: z.string().describe("One or two sentences on what the task achieves"),
  details: z.string().describe("How to implement it"),
  testStrategy: z.string().describe("How to check it is done"),
  priority: z.enum(TASK_PRIORITIES),
  dependencies: z.array(draftIdSchema).describe("ids of earlier tasks in this list that must be finished first"),
});
export const parsePrdOutputSchema = z.strictObject({ tasks: z.array(generatedTaskSchema).min(1) });

export const generatedSubtaskSchema = z.strictObject({
  id: draftIdSchema.describe("1 for the first subtask, then 2, 3, … in order"),
  title: z.string().min(1).max(TASK_LIMITS.title),
  description: z.string(),
  details: z.string(),
  testStrategy: z.string(),
  dependencies: z.array(draftIdSchema).describe("ids of earlier subtasks in this list that must be finished first"),
});
export const expandOutputSchema = z.strictObject({ subtasks: z.array(generatedSubtaskSchema).min(1) });

export type GeneratedTask = z.infer<typeof generatedTaskSchema>;
export type ParsePrdOutput = z.infer<typeof parsePrdOutputSchema>;
export type GeneratedSubtask = z.infer<typeof generatedSubtaskSchema>;
export type ExpandOutput = z.infer<typeof expandOutputSchema>;

// ---------------------------------------------------------------------------------------------
// What the rest of Cairn gets back.

export interface PlanDraftTask {
  draftId: number;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  priority: TaskPriority;
  /** draftIds of earlier tasks only. */
  dependencies: number[];
}

export interface SubtaskDraft {
  draftId: number;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  /** draftIds of earlier siblings only. */
  dependencies: number[];
}

const planDraftSchema = z.strictObject({
  draftId: z.int().min(1),
  title: z.string().min(1).max(TASK_LIMITS.title),
  description: z.string().max(TASK_LIMITS.description),
  details: z.string().max(TASK_LIMITS.details),
  testStrategy: z.string().max(TASK_LIMITS.testStrategy),
  priority: z.enum(TASK_PRIORITIES),
  dependencies: z.array(z.int().min(1)),
});
const subtaskDraftSchema = planDraftSchema.omit({ priority: true });

const TITLE_ALIASES = ["title", "name", "task", "summary", "tasktitle", "taskname", "subtasktitle", "subtaskname", "heading"];
const ID_ALIASES = ["id", "taskid", "subtaskid", "number", "ref"];
const DEPENDENCY_ALIASES = ["dependencies", "dependson", "deps", "depends", "dependency", "blockedby", "requires", "prerequisites"];
const TEXT_FIELDS: { field: string; aliases: string[]; max: number }[] = [
  {
    field: "description",
    aliases: ["description", "desc", "overview", "summary", "taskdescription", "subtaskdescription"],
    max: TASK_LIMITS.description,
  },
  {
    field: "details",
    aliases: ["details", "detail", "implementationdetails", "implementation", "implementationnotes", "notes", "steps", "approach"],
    max: TASK_LIMITS.details,
  },
  {
    field: "testStrategy",
    aliases: ["teststrategy", "testingstrategy", "testing", "tests", "testplan", "verification", "acceptancecriteria", "validation"],
    max: TASK_LIMITS.testStrategy,
  },
];

const TASK_PREFIX = /^(?:sub)?task\s*#?\s*\d+(?:\.\d+)?\s*[:.)\-–—]\s*/i;

function readTitle(item: Rec, used: Set<string>, notes: Notes, pos: number): string {
  const got = pick(item, TITLE_ALIASES, used, (v) => typeof v === "string" && v.trim() !== "");
  if (!got || typeof got.value !== "string") return "";
  if (got.key !== "title") notes.group(`Used "${got.key}" as the title`, pos);
  let title = String(got.value).replace(/\s+/g, " ").trim();
  if (TASK_PREFIX.test(title) && title.replace(TASK_PREFIX, "").trim() !== "") {
    title = title.replace(TASK_PREFIX, "").trim();
    notes.group('Removed a "Task N:" prefix from the title', pos);
  }
  if (title.length > TASK_LIMITS.title) {
    title = clip(title, TASK_LIMITS.title).trimEnd();
    notes.group(`Cut the title to ${TASK_LIMITS.title} characters`, pos);
  }
  return title;
}

function readPriority(item: Rec, used: Set<string>, notes: Notes, pos: number): TaskPriority {
  const got = pick(item, ["priority", "prio", "importance", "urgency"], used);
  if (!got) {
    notes.group("No priority given; used medium", pos);
    return "medium";
  }
  if (got.key !== "priority") notes.group(`Read "${got.key}" as priority`, pos);
  const shown = typeof got.value === "string" ? JSON.stringify(got.value.trim()) : JSON.stringify(got.value);
  // A bare number reads like a P-level: 0 is the most urgent.
  const word = typeof got.value === "number" ? `p${got.value}` : typeof got.value === "string" ? got.value : "";
  const mapped = priorityFromWord(word);
  if (!mapped) {
    notes.group(`Unknown priority ${shown}; used medium`, pos);
    return "medium";
  }
  if (normKey(word) !== mapped) notes.group(`Read priority ${shown} as ${mapped}`, pos);
  return mapped;
}

/** 3, "3", "#3", "task 3", "T-3" → 3. */
function refNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v !== "string") return null;
  const m = /^(?:#|(?:sub)?task[\s_-]*#?\s*|t[\s_-]*|id[\s_-]*)?(\d{1,6})$/i.exec(v.trim());
  return m ? Number(m[1]) : null;
}

function dependencyList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "" || /^(none|n\/a|-)$/i.test(s)) return [];
    return s.split(/\s*(?:,|;|\band\b)\s*/i).filter(Boolean);
  }
  if (v === undefined || v === null) return [];
  return [v];
}

// ---------------------------------------------------------------------------------------------
// Tasks and subtasks share one path; subtasks just have no priority and accept "5.2" style refs.

/** The shared shape is a plan task's; subtasks drop the priority when they leave this file. */
type DraftCore = PlanDraftTask;

interface RawDraft {
  pos: number;
  rawId: unknown;
  /** The id came from an object key ({"3": {...}}), where text is the only option. */
  idFromKey: boolean;
  rawDeps: unknown[];
  fields: Omit<DraftCore, "draftId" | "dependencies">;
}

interface DraftMode {
  spec: ListSpec;
  max: number;
  defaultMax: number;
  withPriority: boolean;
}

function normalizeDrafts(raw: unknown, mode: DraftMode): NormalizeResult<DraftCore[]> {
  const noun = mode.spec.noun;
  const notes = new Notes(noun);
  const located = locateList(raw, mode.spec);
  if ("problem" in located) {
    throw new PlanShapeError(`The model's answer has no usable ${noun}s: ${located.problem}.`, [located.problem]);
  }
  if (located.note) notes.add(located.note);

  const problems: string[] = [];
  const drafts: RawDraft[] = [];
  const untitled: { pos: number; id: number | null }[] = [];
  located.list.forEach((entry, index) => {
    const pos = index + 1;
    let item: Rec;
    if (typeof entry === "string" && entry.trim() !== "") {
      item = { title: entry };
      notes.group(`Read a plain-text entry as a ${noun} title`, pos);
    } else if (isRecord(entry)) {
      item = entry;
    } else {
      problems.push(`${noun} ${pos} is ${describeValue(entry)}, not an object`);
      notes.group(`Dropped an entry that is not a ${noun}`, pos);
      return;
    }
    const used = new Set<string>();
    const title = readTitle(item, used, notes, pos);
    if (!title) {
      problems.push(`${noun} ${pos} has no title`);
      notes.group("Dropped an entry with no title", pos);
      untitled.push({ pos, id: refNumber(pick(item, ID_ALIASES, used)?.value) });
      return;
    }
    const idPick = pick(item, ID_ALIASES, used);
    const rawId = idPick ? idPick.value : item.__key;
    const idFromKey = !idPick && item.__key !== undefined;
    const depPick = pick(item, DEPENDENCY_ALIASES, used);
    if (depPick && depPick.key !== "dependencies") notes.group(`Read "${depPick.key}" as dependencies`, pos);
    const texts = TEXT_FIELDS.map((f) => readText(item, f, used, notes, pos));
    drafts.push({
      pos,
      rawId,
      idFromKey,
      rawDeps: dependencyList(depPick?.value),
      fields: {
        title,
        description: texts[0]!,
        details: texts[1]!,
        testStrategy: texts[2]!,
        priority: mode.withPriority ? readPriority(item, used, notes, pos) : "medium",
      },
    });
  });

  if (drafts.length === 0) {
    const list = located.list.length === 0 ? [`the ${noun} list is empty`] : problems;
    throw new PlanShapeError(`The model's answer has no usable ${noun}s: ${list.join("; ")}.`, list);
  }

  // Repetition loops copy the same task over and over; keep the first, and point references at it.
  const seen = new Map<string, RawDraft>();
  const redirect = new Map<RawDraft, RawDraft>();
  const unique: RawDraft[] = [];
  for (const d of drafts) {
    const key = `${d.fields.title.toLowerCase()}\u0000${d.fields.description.toLowerCase()}`;
    const first = seen.get(key);
    if (first) {
      redirect.set(d, first);
      notes.group(`Dropped a repeat of ${noun} ${first.pos} "${first.fields.title}"`, d.pos);
      continue;
    }
    seen.set(key, d);
    unique.push(d);
  }

  const max = Number.isFinite(mode.max) ? Math.max(1, Math.floor(mode.max)) : mode.defaultMax;
  const kept = unique.slice(0, max);
  if (unique.length > max) notes.add(`Kept the first ${max} ${noun}s and dropped ${unique.length - max} more`);
  const draftIdOf = new Map<RawDraft, number>(kept.map((d, i) => [d, i + 1]));
  const finalId = (d: RawDraft) => draftIdOf.get(redirect.get(d) ?? d) ?? null;

  // How the model's ids map to entries. With no ids at all, dependencies can only mean positions.
  const byKey = new Map<string, RawDraft[]>();
  const register = (key: string, d: RawDraft) => {
    const hits = byKey.get(key) ?? [];
    // A repeat that kept its original's id is the same task, not a clash.
    if (!hits.includes(redirect.get(d) ?? d)) byKey.set(key, [...hits, d]);
  };
  const idsMissing = drafts.every((d) => d.rawId === undefined || d.rawId === null || d.rawId === "");
  let textIds = false;
  let nonNumeric = false;
  for (const d of drafts) {
    if (idsMissing) {
      register(`n:${d.pos}`, d);
      continue;
    }
    const n = refNumber(d.rawId);
    if (n !== null) {
      if (typeof d.rawId === "string" && !d.idFromKey) textIds = true;
      register(`n:${n}`, d);
    } else if (typeof d.rawId === "string" && d.rawId.trim() !== "") {
      nonNumeric = true;
      register(`s:${d.rawId.trim().toLowerCase()}`, d);
    } else {
      nonNumeric = true;
    }
  }
  const untitledIds = new Set(untitled.map((u) => (idsMissing ? u.pos : u.id)));
  const byTitle = new Map<string, RawDraft[]>();
  for (const d of drafts) {
    const t = d.fields.title.toLowerCase();
    byTitle.set(t, [...(byTitle.get(t) ?? []), d]);
  }

  const duplicated = [...byKey.entries()].filter(([k, ds]) => k.startsWith("n:") && ds.length > 1).map(([k]) => k.slice(2));
  const numbered = kept.length === 1 ? `the ${noun} as 1` : `the ${noun}s ${compressNumbers(kept.map((_, i) => i + 1))} in order`;
  if (idsMissing) {
    notes.add(`${capital(noun)} ids were missing; numbered ${numbered}`);
  } else {
    if (textIds) notes.add(`Read ${noun} ids written as text as numbers`);
    const inOrder = kept.every((d, i) => refNumber(d.rawId) === i + 1);
    if (duplicated.length > 0) {
      const which = duplicated.length === 1 ? `id ${duplicated[0]} was` : `ids ${duplicated.join(", ")} were`;
      notes.add(`${capital(noun)} ${which} used more than once; renumbered ${numbered}`);
    } else if (nonNumeric) {
      notes.add(`Some ${noun} ids were missing or not numbers; renumbered ${numbered}`);
    } else if (!inOrder) {
      notes.add(`Renumbered ${numbered}; dependencies follow the new numbers`);
    }
  }

  const resolve = (dep: unknown, owner: RawDraft): { target: RawDraft } | { reason: string } => {
    let n = refNumber(dep);
    let dotted = false;
    if (n === null && noun === "subtask" && typeof dep === "string") {
      // "5.2" means sibling 2 of task 5.
      const m = /^#?\d+\.(\d+)$/.exec(dep.trim());
      if (m) {
        n = Number(m[1]);
        dotted = true;
        notes.group(`Read dependency "${dep.trim()}" as subtask ${n}`, owner.pos);
      }
    }
    if (n !== null) {
      if (typeof dep === "string" && !dotted) {
        const plain = /^\d+$/.test(dep.trim());
        const message = plain
          ? "Read dependencies written as text as numbers"
          : `Read dependencies written like "#3" or "task 3" as ${noun} numbers`;
        notes.group(message, owner.pos);
      }
      const hits = byKey.get(`n:${n}`);
      if (!hits) return { reason: untitledIds.has(n) ? `on ${noun} ${n}, which had no title` : `on unknown ${noun} ${n}` };
      if (hits.length > 1) return { reason: `on ${noun} id ${n}, which more than one ${noun} used` };
      return { target: hits[0]! };
    }
    if (typeof dep === "string" && dep.trim() !== "") {
      const s = dep.trim().toLowerCase();
      const hits = byKey.get(`s:${s}`) ?? byTitle.get(s);
      if (!hits) return { reason: `on unknown ${noun} "${dep.trim()}"` };
      if (hits.length > 1) return { reason: `on "${dep.trim()}", which matches more than one ${noun}` };
      if (!byKey.has(`s:${s}`)) notes.group(`Matched a dependency by ${noun} title`, owner.pos);
      return { target: hits[0]! };
    }
    if (isRecord(dep)) {
      const inner = pick(dep, ID_ALIASES, new Set());
      if (inner) return resolve(inner.value, owner);
    }
    return { reason: `that is ${describeValue(dep)}` };
  };

  const value: DraftCore[] = kept.map((d, i) => {
    const draftId = i + 1;
    const deps: number[] = [];
    for (const dep of d.rawDeps) {
      const r = resolve(dep, d);
      const label = `${capital(noun)} ${draftId} "${d.fields.title}"`;
      if ("reason" in r) {
        notes.add(`${label}: dropped a dependency ${r.reason}`);
        continue;
      }
      const target = redirect.get(r.target) ?? r.target;
      const t = finalId(target);
      if (target === d) notes.add(`${label}: dropped a dependency on itself`);
      else if (t === null) notes.add(`${label}: dropped a dependency on "${target.fields.title}", which was left out`);
      else if (t > draftId) notes.add(`${label}: dropped a dependency on ${noun} ${t} "${target.fields.title}", which comes later`);
      else if (!deps.includes(t)) deps.push(t);
    }
    return { draftId, ...d.fields, dependencies: deps.sort((a, b) => a - b) };
  });

  return { value, warnings: notes.list() };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TASK_LIST: ListSpec = {
  key: "tasks",
  aliases: ["tasks", "tasklist", "plan", "items", "todos", "backlog"],
  itemKeys: [...TITLE_ALIASES, "title"],
  noun: "task",
};

const SUBTASK_LIST: ListSpec = {
  key: "subtasks",
  aliases: ["subtasks", "subtasklist", "tasks", "steps", "items"],
  itemKeys: [...TITLE_ALIASES, "title"],
  noun: "subtask",
};

/** Turns whatever the parse-PRD job produced into a task list that will save, or throws PlanShapeError. */
export function normalizePlan(raw: unknown, opts: { maxTasks?: number } = {}): NormalizeResult<PlanDraftTask[]> {
  const { value, warnings } = normalizeDrafts(raw, {
    spec: TASK_LIST,
    max: opts.maxTasks ?? DEFAULT_MAX_TASKS,
    defaultMax: DEFAULT_MAX_TASKS,
    withPriority: true,
  });
  return { value: assertShape(z.array(planDraftSchema), value, "tasks"), warnings };
}

/** Same for the expand job; dependencies point at earlier siblings. */
export function normalizeSubtasks(raw: unknown, opts: { maxSubtasks?: number } = {}): NormalizeResult<SubtaskDraft[]> {
  const { value, warnings } = normalizeDrafts(raw, {
    spec: SUBTASK_LIST,
    max: opts.maxSubtasks ?? DEFAULT_MAX_SUBTASKS,
    defaultMax: DEFAULT_MAX_SUBTASKS,
    withPriority: false,
  });
  const subtasks = value.map(({ priority: _priority, ...rest }) => rest);
  return { value: assertShape(z.array(subtaskDraftSchema), subtasks, "subtasks"), warnings };
}
