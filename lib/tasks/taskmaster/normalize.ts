// Reads a Task Master tasks.json (tagged or legacy) into plain task data ready to be written.
// No database here: the import service turns the result into rows. Real files are hand-edited
// and written by many CLI versions, so almost everything odd is mapped with a warning rather
// than rejected; only a file with nothing importable in it is refused.
import { invalid } from "@/lib/errors";
import { buildGraph, checkNewEdge, formatCycle, type GraphTask, type ProjectGraph } from "@/lib/tasks/graph";
import { compareRefs, formatRef } from "@/lib/tasks/refs";
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from "@/lib/validation/common";

export interface NormalizedTask {
  /** Top-level task number (for a subtask: its parent's number). */
  number: number;
  /** 0 for a top-level task; n for subtask number.n. */
  subNumber: number;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  status: TaskStatus;
  priority: TaskPriority;
  /** Canonical refs ("4", "4.2"), all within the same project, sorted, acyclic. */
  dependencies: string[];
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  /** YYYY-MM-DD, or a full ISO date-time in UTC. */
  dueDate: string | null;
  labels: string[];
}

export interface NormalizedProject {
  tag: string;
  name: string;
  description: string;
  /** Top-level tasks by number, each followed by its subtasks by sub number. */
  tasks: NormalizedTask[];
  /** Everything that could not be taken as-is, naming the task ref where there is one. */
  warnings: string[];
}

export const MAX_IMPORT_TASKS = 20_000;

// Mirrors lib/validation/tasks.ts and lib/validation/projects.ts, so every imported value passes
// the same checks as one typed in by hand.
const LIMITS = {
  title: 300,
  description: 20_000,
  details: 100_000,
  testStrategy: 20_000,
  expansionPrompt: 10_000,
  complexityReasoning: 10_000,
  assignee: 200,
  labelLength: 50,
  labelCount: 30,
  projectName: 120,
  projectDescription: 5_000,
} as const;
// The ref syntax (lib/validation/common.ts taskRef) allows 9 digits before the dot and 6 after.
const MAX_NUMBER = 999_999_999;
const MAX_SUB_NUMBER = 999_999;

const STATUS_ALIASES: Record<string, TaskStatus> = {
  todo: "pending", "to-do": "pending", open: "pending", new: "pending", backlog: "pending",
  "not-started": "pending", planned: "pending", queued: "pending", ready: "pending",
  wip: "in-progress", inprogress: "in-progress", doing: "in-progress", active: "in-progress",
  started: "in-progress", working: "in-progress", ongoing: "in-progress", "in-development": "in-progress",
  "in-review": "review", reviewing: "review", "needs-review": "review", "code-review": "review",
  "awaiting-review": "review", qa: "review", testing: "review",
  completed: "done", complete: "done", finished: "done", closed: "done", resolved: "done",
  shipped: "done", merged: "done", fixed: "done",
  "on-hold": "deferred", hold: "deferred", paused: "deferred", postponed: "deferred", later: "deferred",
  someday: "deferred", icebox: "deferred", parked: "deferred",
  canceled: "cancelled", wontfix: "cancelled", "wont-fix": "cancelled", "won't-fix": "cancelled",
  dropped: "cancelled", abandoned: "cancelled", rejected: "cancelled", obsolete: "cancelled",
  duplicate: "cancelled", removed: "cancelled",
};

const PRIORITY_ALIASES: Record<string, TaskPriority> = {
  urgent: "critical", blocker: "critical", highest: "critical", crit: "critical", asap: "critical",
  showstopper: "critical", p0: "critical",
  important: "high", major: "high", hi: "high", p1: "high",
  med: "medium", mid: "medium", normal: "medium", moderate: "medium", default: "medium", p2: "medium",
  "very-high": "high",
  minor: "low", "very-low": "low", trivial: "low", lowest: "low", lo: "low", "nice-to-have": "low", p3: "low", p4: "low",
};

/** Fields Cairn keeps; anything else on a task is reported once per field name. */
const KNOWN_FIELDS = new Set([
  "id", "title", "description", "details", "testStrategy", "status", "priority", "dependencies", "subtasks",
  "complexity", "complexityScore", "recommendedSubtasks", "expansionPrompt", "complexityReasoning", "reasoning",
  "assignee", "dueDate", "labels",
]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A raw value as a user would recognise it in their file. */
function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Cuts to `max` UTF-16 units (zod's measure) without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function countTasks(list: unknown[]): number {
  let n = 0;
  for (const t of list) {
    if (!isObject(t)) continue;
    n++;
    if (Array.isArray(t.subtasks)) n += countTasks(t.subtasks);
    else if (isObject(t.subtasks)) n += countTasks([t.subtasks]);
  }
  return n;
}

/** "3", 3, "#3" → "3"; an id's written form, used to match references against it. */
function idKey(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string") {
    const s = v.trim().replace(/^#/, "");
    return s === "" ? null : s;
  }
  return null;
}

function keyNumber(key: string | null, max: number): number | null {
  if (key === null || !/^\d+$/.test(key)) return null;
  const n = Number(key);
  return n >= 1 && n <= max ? n : null;
}

/** Hands out free numbers after the highest one in use, wrapping to the lowest gap at the cap. */
function allocator(used: Set<number>, max: number): () => number {
  let next = 1;
  for (const n of used) if (n >= next) next = n + 1;
  return () => {
    while (used.has(next)) next++;
    if (next > max) {
      next = 1;
      while (used.has(next)) next++;
    }
    used.add(next);
    return next;
  };
}

interface Draft {
  raw: Json;
  number: number;
  subNumber: number;
  ref: string;
  /** Top-level task after flattening; null for a top-level task. */
  parent: Draft | null;
  /** Raw id → draft of the tasks written directly under this one (null: ambiguous id). */
  children: Map<string, Draft | null>;
  /** The group this task was written in, for a subtask's bare sibling numbers. */
  siblings: Map<string, Draft | null>;
  /** The raw `dependencies` value, read once every task has its number. */
  rawDeps: unknown;
  task: NormalizedTask | null;
}

function rawTitle(raw: Json): string {
  return typeof raw.title === "string" && raw.title.trim() ? show(raw.title.trim()) : "(untitled)";
}

/**
 * Registers raw ids of one group into `map`. A valid number belongs to the task that kept it
 * (the first one written); any other id only maps when it is unique, so a reference is never
 * guessed between two tasks.
 */
function registerKeys(map: Map<string, Draft | null>, entries: { key: string | null; draft: Draft; kept: boolean }[]) {
  const keptKeys = new Set<string>();
  for (const e of entries) {
    if (e.kept && e.key !== null) {
      map.set(e.key, e.draft);
      keptKeys.add(e.key);
    }
  }
  for (const e of entries) {
    if (e.kept || e.key === null || keptKeys.has(e.key)) continue;
    map.set(e.key, map.has(e.key) ? null : e.draft);
  }
}

class ProjectReader {
  readonly warnings: string[] = [];
  private readonly top: Draft[] = [];
  private readonly topKeys = new Map<string, Draft | null>();
  private readonly unknownFields = new Map<string, number>();
  private readonly subs = new Map<Draft, Draft[]>();

  constructor(private readonly list: unknown[]) {}

  private warn(message: string) {
    this.warnings.push(message);
  }

  read(): NormalizedTask[] {
    this.number();
    const all = this.top.flatMap((t) => [t, ...this.subtasksOf(t)]);
    all.sort(compareRefs);
    // In plan order a parent is read before its subtasks, which may take its priority.
    for (const d of all) d.task = this.fields(d);
    this.dependencies(all);
    for (const [field, count] of this.unknownFields) {
      this.warn(`${plural(count, "task")} had field "${field}", which Cairn does not store`);
    }
    return all.map((d) => d.task!);
  }

  private subtasksOf(t: Draft): Draft[] {
    return this.subs.get(t) ?? [];
  }

  /** Keeps the file's numbers where they are usable; everything else gets the next free one. */
  private number() {
    const objects: { raw: Json; key: string | null; n: number | null }[] = [];
    this.list.forEach((v, i) => {
      if (!isObject(v)) {
        this.warn(`Entry ${i + 1} in the task list is not a task (${show(v)}); skipped`);
        return;
      }
      const key = idKey(v.id);
      objects.push({ raw: v, key, n: keyNumber(key, MAX_NUMBER) });
    });
    const used = new Set<number>();
    const entries = objects.map((o) => {
      const kept = o.n !== null && !used.has(o.n);
      if (kept) used.add(o.n!);
      const draft = newDraft(o.raw, kept ? o.n! : 0, 0, null, this.topKeys);
      return { ...o, kept, draft };
    });
    const next = allocator(used, MAX_NUMBER);
    for (const e of entries) {
      if (e.kept) continue;
      const n = next();
      e.draft.number = n;
      e.draft.ref = String(n);
      const what = rawTitle(e.raw);
      if (e.raw.id === undefined || e.raw.id === null) this.warn(`#${n}: task ${what} had no id; numbered ${n}`);
      else if (e.n !== null) this.warn(`#${n}: task ${what} repeated id ${e.n}; renumbered to ${n} (references to ${e.n} mean #${e.n})`);
      else this.warn(`#${n}: task ${what} had id ${show(e.raw.id)}, which is not a positive whole number; renumbered to ${n}`);
    }
    registerKeys(this.topKeys, entries);
    for (const e of entries) this.top.push(e.draft);
    for (const t of this.top) this.numberSubtasks(t);
  }

  private subtaskList(owner: Draft): unknown[] {
    const v = owner.raw.subtasks;
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    if (isObject(v)) {
      this.warn(`#${owner.ref}: subtasks was a single object, not a list; read as one subtask`);
      return [v];
    }
    this.warn(`#${owner.ref}: subtasks ${show(v)} is not a list; ignored`);
    return [];
  }

  /** Subtask ids are sub numbers within the parent; some files write the full "3.1" instead. */
  private subKey(owner: Draft, rawId: unknown): string | null {
    const key = idKey(rawId);
    const prefix = `${idKey(owner.raw.id) ?? owner.ref}.`;
    if (key !== null && key.startsWith(prefix) && !key.slice(prefix.length).includes(".")) return key.slice(prefix.length);
    return key;
  }

  private numberSubtasks(parent: Draft) {
    const used = new Set<number>();
    const direct: { raw: Json; key: string | null; n: number | null; kept: boolean; draft: Draft }[] = [];
    this.subtaskList(parent).forEach((v, i) => {
      if (!isObject(v)) {
        this.warn(`#${parent.ref}: subtask entry ${i + 1} is not a task (${show(v)}); skipped`);
        return;
      }
      const key = this.subKey(parent, v.id);
      const n = keyNumber(key, MAX_SUB_NUMBER);
      const kept = n !== null && !used.has(n);
      if (kept) used.add(n);
      direct.push({ raw: v, key, n, kept, draft: newDraft(v, parent.number, kept ? n : 0, parent, parent.children) });
    });
    const next = allocator(used, MAX_SUB_NUMBER);
    for (const e of direct) {
      if (e.kept) continue;
      const s = next();
      setSub(e.draft, s);
      const what = rawTitle(e.raw);
      if (e.raw.id === undefined || e.raw.id === null) this.warn(`#${e.draft.ref}: subtask ${what} had no id; numbered ${e.draft.ref}`);
      else if (e.n !== null) {
        const old = formatRef(parent.number, e.n);
        this.warn(`#${e.draft.ref}: subtask ${what} repeated id ${e.n}; renumbered to ${e.draft.ref} (references to ${old} mean #${old})`);
      } else {
        this.warn(`#${e.draft.ref}: subtask ${what} had id ${show(e.raw.id)}, which is not a positive whole number; renumbered to ${e.draft.ref}`);
      }
    }
    registerKeys(parent.children, direct);
    const flat = direct.map((e) => e.draft);
    // Cairn has one level of subtasks: deeper ones join the top-level task after its own.
    const flatten = (owner: Draft) => {
      const nested: { key: string | null; kept: boolean; draft: Draft }[] = [];
      this.subtaskList(owner).forEach((v, i) => {
        if (!isObject(v)) {
          this.warn(`#${owner.ref}: subtask entry ${i + 1} is not a task (${show(v)}); skipped`);
          return;
        }
        const draft = newDraft(v, parent.number, next(), parent, owner.children);
        setSub(draft, draft.subNumber);
        this.warn(`#${draft.ref}: subtask ${rawTitle(v)} was nested under #${owner.ref}; moved up to be a subtask of #${parent.ref}`);
        nested.push({ key: this.subKey(owner, v.id), kept: false, draft });
        flat.push(draft);
      });
      registerKeys(owner.children, nested);
      for (const n of nested) flatten(n.draft);
    };
    for (const d of direct) flatten(d.draft);
    this.subs.set(parent, flat);
  }

  private fields(d: Draft): NormalizedTask {
    const raw = d.raw;
    const ref = d.ref;
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined || v === null) continue;
      if (KNOWN_FIELDS.has(k) || (k === "tags" && isStringList(v))) continue;
      this.unknownFields.set(k, (this.unknownFields.get(k) ?? 0) + 1);
    }
    const description = this.text(raw.description, "description", ref, LIMITS.description);
    const rawDue = raw.dueDate;
    return {
      number: d.number,
      subNumber: d.subNumber,
      title: this.title(raw.title, description, ref),
      description,
      details: this.text(raw.details, "details", ref, LIMITS.details),
      testStrategy: this.text(raw.testStrategy, "testStrategy", ref, LIMITS.testStrategy),
      status: this.status(raw.status, ref),
      priority: this.priority(raw.priority, ref, d.parent?.task?.priority ?? "medium"),
      dependencies: [],
      complexity: this.int(this.alias(raw, "complexity", "complexityScore", ref), "complexity", ref, 1, 10),
      recommendedSubtasks: this.int(raw.recommendedSubtasks, "recommendedSubtasks", ref, 0, 50),
      expansionPrompt: this.optionalText(raw.expansionPrompt, "expansionPrompt", ref, LIMITS.expansionPrompt),
      complexityReasoning: this.optionalText(
        this.alias(raw, "complexityReasoning", "reasoning", ref),
        "complexityReasoning",
        ref,
        LIMITS.complexityReasoning,
      ),
      assignee: this.assignee(raw.assignee, ref),
      dueDate: rawDue === undefined || rawDue === null || rawDue === "" ? null : this.dueDate(rawDue, ref),
      labels: this.labels(raw, ref),
    };
  }

  private alias(raw: Json, field: string, alias: string, ref: string): unknown {
    const main = raw[field];
    const other = raw[alias];
    if (main === undefined || main === null) return other;
    if (other !== undefined && other !== null && JSON.stringify(other) !== JSON.stringify(main)) {
      this.warn(`#${ref}: both ${field} and ${alias} were set; kept ${field}`);
    }
    return main;
  }

  private text(v: unknown, field: string, ref: string, max: number): string {
    let s: string;
    if (v === undefined || v === null) return "";
    if (typeof v === "string") s = v;
    else if (typeof v === "number" || typeof v === "boolean") {
      s = String(v);
      this.warn(`#${ref}: ${field} ${show(v)} was not text; stored as "${s}"`);
    } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
      s = v.join("\n");
      this.warn(`#${ref}: ${field} was a list; joined into lines`);
    } else {
      s = JSON.stringify(v);
      this.warn(`#${ref}: ${field} was not text; stored as JSON`);
    }
    if (s.length > max) {
      this.warn(`#${ref}: ${field} was ${plural(s.length, "character")}; cut to ${max.toLocaleString("en-US")}`);
      s = cut(s, max);
    }
    return s;
  }

  private optionalText(v: unknown, field: string, ref: string, max: number): string | null {
    const s = this.text(v, field, ref, max);
    return s.trim() === "" ? null : s;
  }

  private title(v: unknown, description: string, ref: string): string {
    const given = this.text(v, "title", ref, Number.MAX_SAFE_INTEGER).trim();
    if (given) {
      if (given.length <= LIMITS.title) return given;
      this.warn(`#${ref}: title was ${plural(given.length, "character")}; cut to ${LIMITS.title}`);
      return cut(given, LIMITS.title).trimEnd();
    }
    const firstLine = description.split(/\r?\n/).map((l) => l.trim()).find(Boolean);
    if (firstLine) {
      this.warn(`#${ref}: no title; used the first line of the description`);
      return cut(firstLine, LIMITS.title).trimEnd();
    }
    const fallback = `Untitled task ${ref}`;
    this.warn(`#${ref}: no title; named it "${fallback}"`);
    return fallback;
  }

  private status(v: unknown, ref: string): TaskStatus {
    if (v === undefined || v === null || v === "") return "pending";
    if (typeof v === "string" && (TASK_STATUSES as readonly string[]).includes(v)) return v as TaskStatus;
    const mapped = typeof v === "string" ? lookup(v, TASK_STATUSES, STATUS_ALIASES) : null;
    if (mapped) {
      this.warn(`#${ref}: status ${show(v)} mapped to ${mapped}`);
      return mapped;
    }
    this.warn(`#${ref}: unknown status ${show(v)} mapped to pending`);
    return "pending";
  }

  /** A subtask without a priority takes its parent's, as Task Master's `next` does. */
  private priority(v: unknown, ref: string, fallback: TaskPriority): TaskPriority {
    if (v === undefined || v === null || v === "") return fallback;
    if (typeof v === "string" && (TASK_PRIORITIES as readonly string[]).includes(v)) return v as TaskPriority;
    const mapped = typeof v === "string" ? lookup(v, TASK_PRIORITIES, PRIORITY_ALIASES) : null;
    if (mapped) {
      this.warn(`#${ref}: priority ${show(v)} mapped to ${mapped}`);
      return mapped;
    }
    this.warn(`#${ref}: unknown priority ${show(v)} mapped to ${fallback}`);
    return fallback;
  }

  private int(v: unknown, field: string, ref: string, min: number, max: number): number | null {
    if (v === undefined || v === null || v === "") return null;
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      this.warn(`#${ref}: ${field} ${show(v)} is not a number; left empty`);
      return null;
    }
    const out = Math.min(max, Math.max(min, Math.round(n)));
    if (out !== n) this.warn(`#${ref}: ${field} ${show(v)} is not a whole number from ${min} to ${max}; stored as ${out}`);
    return out;
  }

  private assignee(v: unknown, ref: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== "string" && typeof v !== "number") {
      this.warn(`#${ref}: assignee ${show(v)} is not a name; left empty`);
      return null;
    }
    return this.optionalText(typeof v === "string" ? v.trim() : v, "assignee", ref, LIMITS.assignee)?.trim() ?? null;
  }

  private dueDate(v: unknown, ref: string): string | null {
    const iso = typeof v === "string" ? isoDate(v.trim()) : null;
    if (iso === null) this.warn(`#${ref}: due date ${show(v)} is not an ISO date; left empty`);
    return iso;
  }

  private labels(raw: Json, ref: string): string[] {
    const sources: unknown[] = [];
    for (const field of ["labels", "tags"] as const) {
      const v = raw[field];
      if (v === undefined || v === null) continue;
      if (field === "tags" && !isStringList(v)) continue;
      if (typeof v === "string") {
        sources.push(...v.split(","));
        if (v.includes(",")) this.warn(`#${ref}: ${field} was a comma-separated string; split into labels`);
      } else if (Array.isArray(v)) sources.push(...v);
      else this.warn(`#${ref}: ${field} ${show(v)} is not a list of labels; ignored`);
    }
    const out: string[] = [];
    const seen = new Set<string>();
    const dropped: string[] = [];
    for (const item of sources) {
      if (typeof item !== "string" && typeof item !== "number") {
        this.warn(`#${ref}: label ${show(item)} is not text; dropped`);
        continue;
      }
      let label = String(item).trim();
      if (!label) continue;
      if (label.length > LIMITS.labelLength) {
        this.warn(`#${ref}: label ${show(label)} is longer than ${LIMITS.labelLength} characters; cut`);
        label = cut(label, LIMITS.labelLength).trimEnd();
      }
      const k = label.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      if (out.length < LIMITS.labelCount) out.push(label);
      else dropped.push(label);
    }
    if (dropped.length) {
      this.warn(`#${ref}: more than ${LIMITS.labelCount} labels; dropped ${dropped.map((l) => show(l)).join(", ")}`);
    }
    return out;
  }

  private resolve(d: Draft, v: unknown): Draft | null {
    const dropped = (why: string) => {
      this.warn(`#${d.ref}: dependency ${show(v)} dropped: ${why}`);
      return null;
    };
    const found = (x: Draft | null | undefined, raw: string) =>
      x === null ? dropped(`more than one task has the id ${show(raw)}`) : (x ?? dropped("no such task"));
    let s: string;
    if (typeof v === "number" && Number.isInteger(v)) {
      // Inside a subtask a bare number is a sibling, as Task Master's expand writes them.
      if (d.parent) {
        const sib = d.siblings.get(String(v));
        if (sib !== undefined) return found(sib, String(v));
        const top = this.topKeys.get(String(v));
        if (top) this.warn(`#${d.ref}: dependency ${v} has no sibling subtask; read as top-level task #${top.ref}`);
        return found(top, String(v));
      }
      return found(this.topKeys.get(String(v)), String(v));
    }
    if (typeof v === "number" && Number.isFinite(v)) s = String(v); // 3.2 written as a JSON number
    else if (typeof v === "string") s = v.trim().replace(/^#/, "");
    else return dropped("not a task id");
    if (s === "") return dropped("not a task id");
    if (s.includes(".")) return this.resolvePath(s, d, v);
    // A string without a dot is a top-level task even inside a subtask: Cairn's export writes
    // top-level prerequisites of subtasks that way, keeping bare numbers for siblings.
    const top = this.topKeys.get(s);
    if (top !== undefined || !d.parent) return found(top, s);
    const sib = d.siblings.get(s);
    if (sib) this.warn(`#${d.ref}: dependency ${show(v)} has no top-level task; read as sibling subtask #${sib.ref}`);
    return found(sib, s);
  }

  private resolvePath(path: string, d: Draft, v: unknown): Draft | null {
    const parts = path.split(".");
    let node = this.topKeys.get(parts[0]!);
    for (let i = 1; i < parts.length && node; i++) node = node.children.get(parts[i]!);
    if (node === null) {
      this.warn(`#${d.ref}: dependency ${show(v)} dropped: more than one task matches it`);
      return null;
    }
    if (!node) {
      this.warn(`#${d.ref}: dependency ${show(v)} dropped: no such task`);
      return null;
    }
    return node;
  }

  private dependencies(all: Draft[]) {
    const edges: { task: Draft; dep: Draft }[] = [];
    for (const d of all) {
      const seen = new Set<Draft>();
      for (const v of depValues(d.rawDeps)) {
        const target = this.resolve(d, v);
        if (!target) continue;
        if (target === d) {
          this.warn(`#${d.ref}: dependency on itself dropped`);
          continue;
        }
        if (seen.has(target)) continue;
        seen.add(target);
        edges.push({ task: d, dep: target });
      }
    }
    // Edges go in one by one in plan order; any edge that would close a cycle is dropped, the same
    // rule fix-dependencies applies to a project already in the database.
    edges.sort((a, b) => compareRefs(a.task, b.task) || compareRefs(a.dep, b.dep));
    const g = buildGraph(all.map(graphTask), []);
    for (const { task, dep } of edges) {
      // Nothing can lead back to a task that no one depends on and that has no parent.
      const reachable = task.parent !== null || (g.dependents.get(task.ref)?.length ?? 0) > 0;
      const problem = reachable ? checkNewEdge(g, task.ref, dep.ref) : null;
      if (problem?.kind === "cycle") {
        this.warn(`#${task.ref}: dependency on #${dep.ref} dropped: it would create a cycle ${formatCycle(problem.cycle)}${implicitNote(g, problem.cycle)}`);
        continue;
      }
      if (problem) continue;
      addEdge(g, task.ref, dep.ref);
      task.task!.dependencies.push(dep.ref);
    }
  }
}

function newDraft(raw: Json, number: number, subNumber: number, parent: Draft | null, siblings: Map<string, Draft | null>): Draft {
  return {
    raw,
    number,
    subNumber,
    ref: formatRef(number, subNumber),
    parent,
    children: new Map(),
    siblings,
    rawDeps: raw.dependencies,
    task: null,
  };
}

function setSub(d: Draft, s: number) {
  d.subNumber = s;
  d.ref = formatRef(d.number, s);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Lower-case, spaces and underscores as dashes; then the first word ("low-ish" → "low"). */
function lookup<T extends string>(v: string, canonical: readonly T[], aliases: Record<string, T>): T | null {
  const key = v.trim().toLowerCase().replace(/[\s_]+/g, "-");
  const direct = (k: string): T | null =>
    (canonical as readonly string[]).includes(k) ? (k as T) : Object.hasOwn(aliases, k) ? aliases[k]! : null;
  return direct(key) ?? direct(key.split(/[^a-z0-9']+/).find(Boolean) ?? "");
}

/** A calendar date stays as written; a date-time becomes UTC (no zone written means UTC). */
function isoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, da, h] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(da)) return null;
  if (h === undefined) return `${y}-${mo}-${da}`;
  const zone = m[8] ?? "Z";
  const t = Date.parse(`${y}-${mo}-${da}T${h}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** `[1, "2"]`, a single value, or a comma string "1, 2.3". */
function depValues(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.flatMap((x) => (typeof x === "string" && x.includes(",") ? x.split(",").filter((p) => p.trim() !== "") : [x]));
}

function graphTask(d: Draft): GraphTask {
  return {
    id: d.ref,
    ref: d.ref,
    number: d.number,
    subNumber: d.subNumber,
    parentId: d.parent?.ref ?? null,
    status: d.task!.status,
    priority: d.task!.priority,
    title: d.task!.title,
    search: "",
    labels: [],
    assignee: null,
    complexity: null,
  };
}

function addEdge(g: ProjectGraph, taskId: string, dependsOnId: string) {
  (g.deps.get(taskId) ?? g.deps.set(taskId, []).get(taskId)!).push(dependsOnId);
  (g.dependents.get(dependsOnId) ?? g.dependents.set(dependsOnId, []).get(dependsOnId)!).push(taskId);
}

/** Explains a cycle that only exists through "a parent is finished when its subtasks are". */
function implicitNote(g: ProjectGraph, cycle: string[]): string {
  for (let i = 0; i + 1 < cycle.length; i++) {
    const from = cycle[i]!;
    const to = cycle[i + 1]!;
    if (g.tasks.get(to)?.parentId === from && !(g.deps.get(from) ?? []).includes(to)) {
      return ` (#${from} is finished only when its subtasks are)`;
    }
  }
  return "";
}

function projectFrom(tag: string, data: Json, legacy: boolean, fileWarnings: string[]): NormalizedProject {
  const reader = new ProjectReader(data.tasks as unknown[]);
  const tasks = reader.read();
  const warnings = [...fileWarnings];
  // Early CLI versions wrote the legacy file's metadata as "meta".
  const meta = isObject(data.metadata) ? data.metadata : legacy && isObject(data.meta) ? data.meta : {};
  const metaText = (k: string) => (typeof meta[k] === "string" && (meta[k] as string).trim() ? (meta[k] as string).trim() : null);
  let name = metaText("projectName") ?? metaText("name") ?? (tag === "master" ? "Imported plan" : tag.trim() || "Imported plan");
  if (name.length > LIMITS.projectName) {
    warnings.push(`Project name was ${plural(name.length, "character")}; cut to ${LIMITS.projectName}`);
    name = cut(name, LIMITS.projectName).trimEnd();
  }
  let description = typeof meta.description === "string" ? meta.description : "";
  if (description.length > LIMITS.projectDescription) {
    warnings.push(`Project description was ${plural(description.length, "character")}; cut to ${LIMITS.projectDescription.toLocaleString("en-US")}`);
    description = cut(description, LIMITS.projectDescription);
  }
  for (const k of legacy ? [] : Object.keys(data)) {
    if (k !== "tasks" && k !== "metadata" && data[k] !== undefined && data[k] !== null) {
      warnings.push(`Tag "${tag}" had field "${k}", which Cairn does not store`);
    }
  }
  return { tag, name, description, tasks, warnings: [...warnings, ...reader.warnings] };
}

/**
 * One project per tag (a legacy `{"tasks": [...]}` file is the tag "master"). Throws only when
 * nothing in the input can be imported or it is too large; every other oddity becomes a warning
 * on the project it concerns (file-level ones on the first project).
 */
export function normalizeTaskMasterFile(input: unknown): NormalizedProject[] {
  const shape = 'expected {"tasks": [...]} or tags such as {"master": {"tasks": [...]}}';
  if (!isObject(input)) throw invalid(`This is not a Task Master tasks file: ${shape}`);
  const tags: [string, Json][] = [];
  const fileWarnings: string[] = [];
  const legacy = Array.isArray(input.tasks);
  if (legacy) tags.push(["master", input]);
  for (const [key, value] of Object.entries(input)) {
    if (legacy && (key === "tasks" || key === "metadata" || key === "meta")) continue;
    if (isObject(value) && Array.isArray(value.tasks)) {
      if (legacy && key === "master") fileWarnings.push(`Tag "master" skipped: the file's top-level task list already is the master tag`);
      else tags.push([key, value]);
    } else if (value !== undefined && value !== null) {
      fileWarnings.push(`Top-level field "${key}" is not a tag with a task list; skipped`);
    }
  }
  if (tags.length === 0) throw invalid(`No task list found: ${shape}`);
  const total = tags.reduce((n, [, data]) => n + countTasks(data.tasks as unknown[]), 0);
  if (total > MAX_IMPORT_TASKS) {
    throw invalid(
      `This file has ${total.toLocaleString("en-US")} tasks; Cairn imports at most ${MAX_IMPORT_TASKS.toLocaleString("en-US")} at once`,
    );
  }
  return tags.map(([tag, data], i) => wellFormed(projectFrom(tag, data, legacy && i === 0, i === 0 ? fileWarnings : [])));
}

/**
 * Text that is not valid Unicode (a lone UTF-16 surrogate, which JSON escapes can carry) cannot
 * be stored: each one becomes U+FFFD "�", with a warning naming the task.
 */
function wellFormed(project: NormalizedProject): NormalizedProject {
  const fix = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());
  const warnings: string[] = [];
  const name = fix(project.name);
  if (name !== project.name || fix(project.tag) !== project.tag || fix(project.description) !== project.description) {
    warnings.push(`Tag "${fix(project.tag)}": invalid Unicode in its name or description was replaced with "\uFFFD"`);
  }
  const tasks = project.tasks.map((t) => {
    const out = { ...t, labels: t.labels.map(fix) };
    let changed = out.labels.some((l, i) => l !== t.labels[i]);
    for (const k of ["title", "description", "details", "testStrategy", "expansionPrompt", "complexityReasoning", "assignee"] as const) {
      const v = t[k];
      if (typeof v === "string" && !v.isWellFormed()) {
        (out as Record<string, unknown>)[k] = fix(v);
        changed = true;
      }
    }
    if (changed) warnings.push(`#${formatRef(t.number, t.subNumber)}: invalid Unicode (a lone surrogate) was replaced with "\uFFFD"`);
    return out;
  });
  if (warnings.length === 0) return project;
  return { ...project, tag: fix(project.tag), name, description: fix(project.description), tasks, warnings: [...project.warnings, ...warnings] };
}
