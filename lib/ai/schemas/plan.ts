import { z } from "zod";
import { AppError } from "@/lib/errors";
import { TASK_PRIORITIES, type TaskPriority } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";

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

export const complexityEntrySchema = z.strictObject({
  taskId: z.string().describe('The task\'s ref, e.g. "12"'),
  complexityScore: z.int().min(1).max(10),
  recommendedSubtasks: z.int().min(0).max(TASK_LIMITS.recommendedSubtasks),
  expansionPrompt: z.string().describe("Instructions for breaking this task into subtasks"),
  reasoning: z.string(),
});
export const complexityOutputSchema = z.strictObject({ tasks: z.array(complexityEntrySchema).min(1) });

export type GeneratedTask = z.infer<typeof generatedTaskSchema>;
export type ParsePrdOutput = z.infer<typeof parsePrdOutputSchema>;
export type GeneratedSubtask = z.infer<typeof generatedSubtaskSchema>;
export type ExpandOutput = z.infer<typeof expandOutputSchema>;
export type ComplexityOutput = z.infer<typeof complexityOutputSchema>;

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

export interface ComplexityDraft {
  /** Canonical ref of an existing task, e.g. "12". */
  taskRef: string;
  complexityScore: number;
  /** null when the model gave no usable count. */
  recommendedSubtasks: number | null;
  expansionPrompt: string;
  reasoning: string;
}

export interface NormalizeResult<T> {
  value: T;
  /** Every coercion applied, in words a user can read. */
  warnings: string[];
}

/** No usable list in the model's answer. The message says what is wrong, so it can go back to the model in a retry. */
export class PlanShapeError extends AppError {
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super("bad_gateway", message, { problems });
    this.name = "PlanShapeError";
    this.problems = problems;
  }
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
const complexityDraftSchema = z.strictObject({
  taskRef: z.string().min(1),
  complexityScore: z.int().min(1).max(10),
  recommendedSubtasks: z.int().min(0).max(TASK_LIMITS.recommendedSubtasks).nullable(),
  expansionPrompt: z.string().max(TASK_LIMITS.expansionPrompt),
  reasoning: z.string().max(TASK_LIMITS.complexityReasoning),
});

// ---------------------------------------------------------------------------------------------
// Warnings: one line per kind of fix, listing the items it touched, so a 40-task plan with the
// same quirk everywhere reads as one line rather than forty.

function compressNumbers(nums: number[]): string {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i + 1 ? `${sorted[i]}-${sorted[j]}` : j === i + 1 ? `${sorted[i]}, ${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

class Notes {
  private entries: { message: string; items: (number | string)[] | null }[] = [];
  private byMessage = new Map<string, (number | string)[]>();

  constructor(private readonly noun: string) {}

  add(message: string): void {
    this.entries.push({ message, items: null });
  }

  /** `item` is the position in the model's list (1-based) or a task ref. */
  group(message: string, item: number | string): void {
    let items = this.byMessage.get(message);
    if (!items) {
      items = [];
      this.byMessage.set(message, items);
      this.entries.push({ message, items });
    }
    if (!items.includes(item)) items.push(item);
  }

  list(): string[] {
    return this.entries.map(({ message, items }) => {
      if (!items) return message;
      const label = items.length === 1 ? this.noun : `${this.noun}s`;
      const nums = items.filter((i): i is number => typeof i === "number");
      const refs = items.filter((i): i is string => typeof i === "string");
      const shown = [nums.length ? compressNumbers(nums) : "", ...refs].filter(Boolean).join(", ");
      return `${message} (${label} ${shown})`;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Finding the list.

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const normKey = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");
const quoteKeys = (o: Rec) =>
  Object.keys(o)
    .slice(0, 6)
    .map((k) => `"${k}"`)
    .join(", ");

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing (null)";
  if (Array.isArray(v)) {
    return v.length === 0 ? "an empty list" : `a list of ${v.length} ${typeof v[0] === "object" ? "entries" : "values"}`;
  }
  if (isRecord(v)) return Object.keys(v).length === 0 ? "an empty object ({})" : `an object with keys ${quoteKeys(v)}`;
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 60)})`;
}

/** A ref-keyed object ({"1": {...}, "2": {...}}) is a list in disguise. */
function keyedList(v: Rec): unknown[] | null {
  const entries = Object.entries(v);
  if (entries.length === 0 || !entries.every(([k, item]) => /^#?\d+(\.\d+)?$/.test(k.trim()) && isRecord(item))) return null;
  return entries.map(([k, item]) => ({ __key: k.trim().replace(/^#/, ""), ...(item as Rec) }));
}

function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") {
    // Models occasionally double-encode: "tasks": "[{...}]".
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      return null;
    }
    return null;
  }
  if (isRecord(v)) return keyedList(v);
  return null;
}

interface Located {
  list: unknown[];
  note: string | null;
}

interface ListSpec {
  /** The key the schema asks for. */
  key: string;
  /** Other keys that mean the same list. */
  aliases: string[];
  /** Keys whose presence means the object is a single item rather than a wrapper. */
  itemKeys: string[];
  noun: string;
}

function arrayOfRecords(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.filter(isRecord).length >= v.length / 2;
}

function findInObject(o: Rec, spec: ListSpec, path: string): Located | null {
  const keys = Object.keys(o);
  const exact = keys.find((k) => k === spec.key);
  const named = exact ?? keys.find((k) => [spec.key, ...spec.aliases].includes(normKey(k)));
  if (named !== undefined) {
    const list = asList(o[named]);
    if (list) {
      const where = `${path}${named}`;
      const held = o[named];
      const how =
        typeof held === "string" ? ", which was a JSON string" : Array.isArray(held) ? "" : ", which was an object keyed by id";
      const note = where === spec.key && how === "" ? null : `Read the ${spec.noun} list from "${where}"${how}`;
      return { list, note };
    }
  }
  // Any other key holding a list of objects, e.g. {"plan": [...]} or {"items": [...]}.
  const lists = keys.filter((k) => arrayOfRecords(o[k]));
  if (lists.length > 0) {
    const pick = lists.reduce((a, b) => ((o[b] as unknown[]).length > (o[a] as unknown[]).length ? b : a));
    return { list: o[pick] as unknown[], note: `Read the ${spec.noun} list from "${path}${pick}"` };
  }
  return null;
}

function locateList(raw: unknown, spec: ListSpec): Located | { problem: string } {
  const expected = `expected {"${spec.key}": [...]}`;
  if (Array.isArray(raw)) {
    return { list: raw, note: `The answer was a bare list; read it as {"${spec.key}": [...]}` };
  }
  if (!isRecord(raw)) return { problem: `${expected}, but the answer is ${describeValue(raw)}` };

  const direct = findInObject(raw, spec, "");
  if (direct) return direct;

  const keyed = keyedList(raw);
  if (keyed) return { list: keyed, note: `The answer was an object keyed by id; read it as {"${spec.key}": [...]}` };

  // {"task": {...}} is a wrapper, {"task": "Set up CI"} is an item: only text under an item key counts.
  const looksLikeItem = Object.entries(raw).some(
    ([k, v]) => spec.itemKeys.includes(normKey(k)) && (typeof v === "string" || typeof v === "number"),
  );
  if (!looksLikeItem) {
    // Unwrap one level: {"result": {"tasks": [...]}}, {"response": {"plan": [...]}}.
    for (const [k, inner] of Object.entries(raw)) {
      if (!isRecord(inner)) continue;
      const found = findInObject(inner, spec, `${k}.`);
      if (found) return found;
    }
    return { problem: `${expected}, but the answer is ${describeValue(raw)}` };
  }
  return { list: [raw], note: `The answer was a single ${spec.noun}, not a list; read it as a list of one` };
}

// ---------------------------------------------------------------------------------------------
// Reading fields.

interface Picked {
  key: string;
  value: unknown;
}

/** First present alias wins; `used` keeps one key from feeding two fields. */
function pick(item: Rec, aliases: string[], used: Set<string>, accept: (v: unknown) => boolean = () => true): Picked | null {
  for (const alias of aliases) {
    for (const key of Object.keys(item)) {
      if (used.has(key) || normKey(key) !== alias) continue;
      const value = item[key];
      if (value === undefined || value === null || !accept(value)) continue;
      used.add(key);
      return { key, value };
    }
  }
  return null;
}

function flattenText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    const lines = v.map(flattenText).filter((s) => s.trim() !== "");
    return lines.length === 1 ? lines[0]! : lines.map((s) => `- ${s.trim()}`).join("\n");
  }
  if (isRecord(v)) {
    return Object.entries(v)
      .map(([k, inner]) => `${k}: ${flattenText(inner)}`)
      .join("\n");
  }
  return "";
}

interface TextField {
  field: string;
  aliases: string[];
  max: number;
}

function readText(item: Rec, spec: TextField, used: Set<string>, notes: Notes, pos: number): string {
  const got = pick(item, spec.aliases, used);
  if (!got) {
    notes.group(`No ${spec.field} given`, pos);
    return "";
  }
  if (got.key !== spec.field) notes.group(`Read "${got.key}" as ${spec.field}`, pos);
  if (typeof got.value !== "string") {
    const kind = Array.isArray(got.value) ? "a list" : isRecord(got.value) ? "an object" : `a ${typeof got.value}`;
    notes.group(`Turned ${kind} into text for ${spec.field}`, pos);
  }
  let text = flattenText(got.value).trim();
  if (text.length > spec.max) {
    text = text.slice(0, spec.max).trimEnd();
    notes.group(`Cut ${spec.field} to ${spec.max.toLocaleString("en-US")} characters`, pos);
  }
  return text;
}

const TITLE_ALIASES = ["title", "name", "task", "summary", "tasktitle", "taskname", "subtasktitle", "subtaskname", "heading"];
const ID_ALIASES = ["id", "taskid", "subtaskid", "number", "ref"];
const DEPENDENCY_ALIASES = ["dependencies", "dependson", "deps", "depends", "dependency", "blockedby", "requires", "prerequisites"];
const TEXT_FIELDS: TextField[] = [
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
    title = title.slice(0, TASK_LIMITS.title).trimEnd();
    notes.group(`Cut the title to ${TASK_LIMITS.title} characters`, pos);
  }
  return title;
}

const PRIORITY_WORDS: Record<string, TaskPriority> = {
  critical: "critical",
  urgent: "critical",
  highest: "critical",
  p0: "critical",
  blocker: "critical",
  veryhigh: "critical",
  high: "high",
  important: "high",
  p1: "high",
  major: "high",
  medium: "medium",
  normal: "medium",
  p2: "medium",
  moderate: "medium",
  med: "medium",
  mid: "medium",
  low: "low",
  minor: "low",
  p3: "low",
  p4: "low",
  lowest: "low",
  trivial: "low",
  optional: "low",
  nicetohave: "low",
};

function readPriority(item: Rec, used: Set<string>, notes: Notes, pos: number): TaskPriority {
  const got = pick(item, ["priority", "prio", "importance", "urgency"], used);
  if (!got) {
    notes.group("No priority given; used medium", pos);
    return "medium";
  }
  if (got.key !== "priority") notes.group(`Read "${got.key}" as priority`, pos);
  const shown = typeof got.value === "string" ? JSON.stringify(got.value.trim()) : JSON.stringify(got.value);
  // A bare number reads like a P-level: 0 is the most urgent.
  const word = typeof got.value === "number" ? `p${got.value}` : typeof got.value === "string" ? normKey(got.value) : "";
  const mapped = PRIORITY_WORDS[word];
  if (!mapped) {
    notes.group(`Unknown priority ${shown}; used medium`, pos);
    return "medium";
  }
  if (word !== mapped) notes.group(`Read priority ${shown} as ${mapped}`, pos);
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

function assertShape<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Only a bug in the normaliser gets here; still, never hand on data that would not save.
  const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new PlanShapeError(`The model's ${what} could not be made valid: ${problems.join("; ")}.`, problems);
}

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

// ---------------------------------------------------------------------------------------------
// Complexity analysis.

/** 12, "12", "#12", "task 12", "12.3" → "12" / "12.3" (same canonical form as taskRef). */
function canonicalRef(v: unknown): string | null {
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : null;
  if (s === null) return null;
  const m = /^(?:#|task[\s_-]*#?\s*|t[\s_-]*)?([1-9]\d{0,8}(?:\.[1-9]\d{0,5})?)$/i.exec(s);
  return m ? m[1]! : null;
}

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

    const prompt = readAnalysisText(entry, "expansionPrompt", PROMPT_ALIASES, TASK_LIMITS.expansionPrompt, used, notes, ref);
    const reasoning = readAnalysisText(entry, "reasoning", REASONING_ALIASES, TASK_LIMITS.complexityReasoning, used, notes, ref);
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

function readAnalysisText(entry: Rec, field: string, aliases: string[], max: number, used: Set<string>, notes: Notes, ref: string): string {
  const got = pick(entry, aliases, used);
  if (!got) {
    notes.group(`No ${field} given`, ref);
    return "";
  }
  if (got.key !== field) notes.group(`Read "${got.key}" as ${field}`, ref);
  let text = flattenText(got.value).trim();
  if (text.length > max) {
    text = text.slice(0, max).trimEnd();
    notes.group(`Cut ${field} to ${max.toLocaleString("en-US")} characters`, ref);
  }
  return text;
}
