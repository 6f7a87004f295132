import { z } from "zod";
import { canonicalRef, clip, flattenText, isRecord, normKey, Notes, priorityFromWord, type Rec } from "@/lib/lenient";
import { TASK_PRIORITIES, type TaskPriority } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { PlanShapeError, type NormalizeResult } from "./answer";

// ---------------------------------------------------------------------------------------------
// What the model is asked for (sent as Ollama `format`; only the title carries a length limit,
// for the same grammar-size reason as in plan.ts).

export const taskEditSchema = z.strictObject({
  id: z.string().describe('The task\'s ref exactly as given, e.g. "12"'),
  title: z.string().min(1).max(TASK_LIMITS.title).optional(),
  description: z.string().optional(),
  details: z.string().optional(),
  testStrategy: z.string().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
});
export const updateOutputSchema = z.strictObject({
  tasks: z.array(taskEditSchema).describe("Only tasks that change, each with only the fields that change"),
});

export const newTaskSchema = z.strictObject({
  title: z.string().min(1).max(TASK_LIMITS.title),
  description: z.string().describe("One or two sentences on what the task achieves"),
  details: z.string().describe("How to implement it"),
  testStrategy: z.string().describe("How to check it is done"),
  priority: z.enum(TASK_PRIORITIES),
  dependencies: z.array(z.string()).describe('Refs of existing tasks that must be finished first, e.g. ["3", "7"]'),
});

export type UpdateOutput = z.infer<typeof updateOutputSchema>;
export type NewTaskOutput = z.infer<typeof newTaskSchema>;

// ---------------------------------------------------------------------------------------------
// What the rest of Cairn gets back.

/** The fields the update job may change; refs, dependencies and status are never among them. */
export const EDITABLE_FIELDS = ["title", "description", "details", "testStrategy", "priority"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type EditableValues = { title: string; description: string; details: string; testStrategy: string; priority: TaskPriority };

export interface TaskEdit {
  ref: string;
  changes: Partial<EditableValues>;
}

export interface NewTaskDraft extends EditableValues {
  /** Refs of existing tasks. */
  dependencies: string[];
}

// ---------------------------------------------------------------------------------------------
// Reading loose answers.

const REF_KEYS = ["id", "ref", "taskid", "taskref", "task", "tasknumber", "number"];
const FIELD_KEYS: Record<EditableField, string[]> = {
  title: ["title", "name", "tasktitle"],
  description: ["description", "summary", "desc"],
  details: ["details", "implementation", "implementationdetails", "detail", "steps"],
  testStrategy: ["teststrategy", "test", "tests", "testing", "verification"],
  priority: ["priority"],
};
const FIELD_BY_KEY = new Map(Object.entries(FIELD_KEYS).flatMap(([field, keys]) => keys.map((k) => [k, field as EditableField])));

function readPriority(v: unknown): TaskPriority | null {
  return typeof v === "string" ? priorityFromWord(v) : null;
}

function pickRef(entry: Rec): { value: unknown; key: string } | null {
  for (const [k, v] of Object.entries(entry)) {
    if (REF_KEYS.includes(normKey(k)) && (typeof v === "string" || typeof v === "number")) return { value: v, key: k };
  }
  return null;
}

/** Reads one field's value; null when it is not usable (the reason goes to notes). */
function readField(field: EditableField, raw: unknown, notes: Notes, ref: string): string | null {
  if (raw === null || raw === undefined) return null;
  if (field === "priority") {
    const p = readPriority(raw);
    if (!p) notes.group(`Ignored a priority that is not low, medium, high or critical`, ref);
    else if (p !== raw) notes.group(`Read priority "${String(raw)}" as ${p}`, ref);
    return p;
  }
  let text = flattenText(raw);
  if (typeof raw !== "string") notes.group(`Read a ${field} that was not text as text`, ref);
  text = field === "title" ? text.replace(/\s+/g, " ").trim() : text.trim();
  if (field === "title" && text === "") {
    notes.group("Ignored an empty title", ref);
    return null;
  }
  // The task columns' limits, so an edit always saves.
  const max = TASK_LIMITS[field];
  if (text.length > max) {
    text = clip(text, max).trimEnd();
    notes.group(`Cut ${field} to ${max.toLocaleString("en-US")} characters`, ref);
  }
  return text;
}

/** The fields of one answer object, split into what we read and what the model may not set. */
function readFields(entry: Rec, notes: Notes, ref: string, skip: Set<string>): { values: Partial<EditableValues>; refused: string[] } {
  const values: Partial<EditableValues> = {};
  const refused: string[] = [];
  for (const [k, v] of Object.entries(entry)) {
    if (skip.has(k) || k === "__key") continue;
    const field = FIELD_BY_KEY.get(normKey(k));
    if (!field) {
      refused.push(k);
      continue;
    }
    if (values[field] !== undefined) continue;
    if (normKey(k) !== normKey(field)) notes.group(`Read "${k}" as ${field}`, ref);
    const value = readField(field, v, notes, ref);
    if (value !== null) (values as Record<string, string>)[field] = value;
  }
  return { values, refused };
}

const LIST_KEYS = ["tasks", "updates", "updatedtasks", "edits", "changes", "results", "items", "tasklist"];

function locateEditList(raw: unknown): { list: unknown[]; note: string | null } | null {
  if (Array.isArray(raw)) return { list: raw, note: 'The answer was a bare list; read it as {"tasks": [...]}' };
  if (!isRecord(raw)) return null;
  for (const [k, v] of Object.entries(raw)) {
    if (!LIST_KEYS.includes(normKey(k))) continue;
    if (Array.isArray(v)) return { list: v, note: k === "tasks" ? null : `Read the task list from "${k}"` };
    if (isRecord(v) && pickRef(v)) return { list: [v], note: `Read "${k}" as a list of one task` };
  }
  if (pickRef(raw)) return { list: [raw], note: "The answer was a single task, not a list; read it as a list of one" };
  const entries = Object.entries(raw);
  if (entries.length > 0 && entries.every(([k, v]) => canonicalRef(k) !== null && isRecord(v))) {
    return {
      list: entries.map(([k, v]) => ({ __key: k, ...(v as Rec) })),
      note: 'The answer was an object keyed by ref; read it as {"tasks": [...]}',
    };
  }
  for (const v of Object.values(raw)) {
    const inner = isRecord(v) ? locateEditList(v) : null;
    if (inner) return inner;
  }
  return null;
}

/**
 * Turns the update job's answer into proposed changes for the given refs. Changes to refs not
 * offered (done tasks included) are dropped with a warning; so are attempts to set anything but
 * the editable fields. An empty list is a valid "nothing to change".
 */
export function normalizeTaskEdits(raw: unknown, opts: { refs: string[]; doneRefs?: string[] }): NormalizeResult<TaskEdit[]> {
  const located = locateEditList(raw);
  if (!located) {
    throw new PlanShapeError('The model\'s answer has no usable list of changes: expected {"tasks": [...]}.', [
      'expected {"tasks": [...]}',
    ]);
  }
  const notes = new Notes("task", "#");
  if (located.note) notes.group(located.note);
  const offered = new Set(opts.refs);
  const done = new Set(opts.doneRefs ?? []);
  const seen = new Map<string, TaskEdit>();
  const problems: string[] = [];

  located.list.forEach((entry, i) => {
    if (!isRecord(entry)) {
      problems.push(`entry ${i + 1} is not an object`);
      notes.group(`Dropped entry ${i + 1}: it is not an object`);
      return;
    }
    const picked = pickRef(entry) ?? (typeof entry.__key === "string" ? { value: entry.__key, key: "__key" } : null);
    const ref = canonicalRef(picked?.value);
    if (!picked || ref === null) {
      problems.push(`entry ${i + 1} has no usable id`);
      notes.group(`Dropped entry ${i + 1}: no usable task id`);
      return;
    }
    if (done.has(ref)) {
      notes.group("Ignored changes to a done task (done tasks are never changed)", ref);
      return;
    }
    if (!offered.has(ref)) {
      problems.push(`entry ${i + 1} is about task "${ref}", which was not in the list`);
      notes.group("Dropped changes to a task that was not in the list", ref);
      return;
    }
    if (picked.key !== "id" && picked.key !== "__key") notes.group(`Read "${picked.key}" as id`, ref);
    if (typeof picked.value === "number") notes.group("Read numeric task ids as refs", ref);
    else if (picked.value !== ref && picked.key !== "__key") notes.group('Read task ids written like "#3" or "task 3" as refs', ref);
    const { values, refused } = readFields(entry, notes, ref, new Set([picked.key]));
    if (refused.length > 0) notes.group(`Ignored fields the update may not change: ${refused.join(", ")}`, ref);
    const prior = seen.get(ref);
    if (prior) {
      notes.group("Merged a second entry for the same task", ref);
      prior.changes = { ...values, ...prior.changes };
      return;
    }
    seen.set(ref, { ref, changes: values });
  });

  if (seen.size === 0 && problems.length > 0) {
    throw new PlanShapeError(`The model's answer has no usable changes: ${problems.join("; ")}.`, problems);
  }
  return { value: [...seen.values()], warnings: notes.list() };
}

const DEP_KEYS = ["dependencies", "deps", "dependson", "prerequisites", "requires", "blockedby"];
const WRAPPER_KEYS = ["task", "newtask", "result", "data", "item"];

function locateNewTask(raw: unknown): { task: Rec; note: string | null } | null {
  const looksLikeTask = (v: Rec) => Object.entries(v).some(([k, x]) => FIELD_KEYS.title.includes(normKey(k)) && typeof x === "string");
  if (Array.isArray(raw)) {
    const first = raw.find(isRecord);
    return first
      ? {
          task: first,
          note: raw.length > 1 ? `The answer was a list of ${raw.length}; used the first` : "The answer was a list of one; used it",
        }
      : null;
  }
  if (!isRecord(raw)) return null;
  if (looksLikeTask(raw)) return { task: raw, note: null };
  for (const [k, v] of Object.entries(raw)) {
    if (isRecord(v) && (WRAPPER_KEYS.includes(normKey(k)) || looksLikeTask(v))) return { task: v, note: `Read the task from "${k}"` };
    if (Array.isArray(v) && LIST_KEYS.includes(normKey(k))) {
      const first = v.find(isRecord);
      if (first) return { task: first, note: `Read the task from the first entry of "${k}"` };
    }
  }
  return null;
}

/**
 * Turns the add-task answer into a task that will save. Suggested dependencies are kept only
 * when they name an existing task (by ref, or by exact title); the rest are dropped with a warning.
 */
export function normalizeNewTask(raw: unknown, opts: { existing: { ref: string; title: string }[] }): NormalizeResult<NewTaskDraft> {
  const located = locateNewTask(raw);
  if (!located)
    throw new PlanShapeError("The model's answer is not a task: expected an object with a title.", ["expected an object with a title"]);
  const notes = new Notes("task", "#");
  if (located.note) notes.group(located.note);
  const entry = located.task;
  const depKey = Object.keys(entry).find((k) => DEP_KEYS.includes(normKey(k)));
  const ignore = new Set(Object.keys(entry).filter((k) => ["id", "ref", "taskid", "number"].includes(normKey(k))));
  if (depKey) ignore.add(depKey);
  const { values, refused } = readFields(entry, notes, "", ignore);
  const title = values.title;
  if (!title) throw new PlanShapeError("The model's answer has no usable title for the new task.", ["no title"]);
  if (refused.length > 0) notes.group(`Ignored fields a new task does not take from the model: ${refused.join(", ")}`);
  const priority = values.priority ?? "medium";
  if (!values.priority) notes.group("No usable priority; used medium");

  const refs = new Set(opts.existing.map((t) => t.ref));
  const byTitle = new Map<string, string[]>();
  for (const t of opts.existing) byTitle.set(t.title.trim().toLowerCase(), [...(byTitle.get(t.title.trim().toLowerCase()) ?? []), t.ref]);
  const rawDeps: unknown = depKey ? entry[depKey] : [];
  const list: unknown[] = Array.isArray(rawDeps)
    ? rawDeps
    : typeof rawDeps === "string"
      ? rawDeps
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : rawDeps === null || rawDeps === undefined
        ? []
        : [rawDeps];
  if (depKey && depKey !== "dependencies") notes.group(`Read "${depKey}" as dependencies`);
  const dependencies: string[] = [];
  for (const d of list) {
    const value = isRecord(d) ? (pickRef(d)?.value ?? d) : d;
    let ref = canonicalRef(value);
    if (ref === null && typeof value === "string") {
      const hits = byTitle.get(value.trim().toLowerCase());
      if (hits?.length === 1) {
        ref = hits[0]!;
        notes.group(`Matched a dependency by title ("${value.trim()}" is #${ref})`);
      }
    }
    if (ref === null) {
      notes.group(`Dropped a suggested dependency that is not a task ref (${JSON.stringify(d).slice(0, 60)})`);
      continue;
    }
    if (!refs.has(ref)) {
      notes.group(`Dropped a suggested dependency on #${ref}, which does not exist`);
      continue;
    }
    if (!dependencies.includes(ref)) dependencies.push(ref);
  }
  return {
    value: {
      title,
      description: values.description ?? "",
      details: values.details ?? "",
      testStrategy: values.testStrategy ?? "",
      priority,
      dependencies,
    },
    warnings: notes.list(),
  };
}
