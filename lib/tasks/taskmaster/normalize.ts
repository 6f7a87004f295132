// Reads a Task Master tasks.json (tagged or legacy) into plain task data ready to be written.
// No database here: the import service turns the result into rows. Real files are hand-edited
// and written by many CLI versions, so almost everything odd is mapped with a warning rather
// than rejected; only a file with nothing importable in it is refused. Values are clipped to the
// limits of a task or project typed in by hand (lib/validation/limits.ts), so each one saves.
import { AppError, invalid } from "@/lib/errors";
import { clip, isRecord, nestingDepth, type Rec } from "@/lib/lenient";
import { checkNewEdge, formatCycle } from "@/lib/tasks/rules/dependency-checks";
import { buildGraph, type GraphTask, type ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { compareRefs, formatRef } from "@/lib/tasks/refs";
import { PROJECT_LIMITS } from "@/lib/validation/limits";
import { defaultName } from "./export-format";
import { plural, show, TaskFieldReader, type TaskFields } from "./task-fields";

export interface NormalizedTask extends TaskFields {
  /** Top-level task number (for a subtask: its parent's number). */
  number: number;
  /** 0 for a top-level task; n for subtask number.n. */
  subNumber: number;
  /** Canonical refs ("4", "4.2"), all within the same project, sorted, acyclic. */
  dependencies: string[];
}

export interface NormalizedProject {
  tag: string;
  name: string;
  description: string;
  /** Top-level tasks by number, each followed by its subtasks by sub number. */
  tasks: NormalizedTask[];
  /** Everything that could not be taken as-is, naming the task ref where there is one. */
  warnings: string[];
  /**
   * What the export writes back verbatim: the tag's metadata as the file had it, and the tag's
   * own fields besides tasks and metadata (null when there is nothing to keep).
   */
  keep: TagKeep | null;
}

export interface TagKeep {
  metadata?: Record<string, unknown>;
  fields?: Record<string, unknown>;
}

export const MAX_IMPORT_TASKS = 20_000;

// The ref syntax (lib/validation/common.ts taskRef) allows 9 digits before the dot and 6 after.
const MAX_NUMBER = 999_999_999;
const MAX_SUB_NUMBER = 999_999;

/**
 * Task Master writes one level of subtasks, and hand-edited files a few more, which Cairn
 * flattens onto the top-level task. A hundred levels is far past any real plan; deeper input is
 * refused with an error that names this limit.
 */
export const MAX_SUBTASK_DEPTH = 100;
/** Nesting of the file as a whole (fields holding lists of lists, say); room for 100 levels of subtasks. */
export const MAX_JSON_DEPTH = 256;

/** The subtasks written under a task: a list, or a single object standing for a list of one. */
function rawSubtasks(t: Rec): unknown[] {
  return Array.isArray(t.subtasks) ? t.subtasks : isRecord(t.subtasks) ? [t.subtasks] : [];
}

/**
 * Counts the tasks of one tag, subtasks at every depth included, walking without recursion so
 * no file can exhaust the stack; throws once subtasks nest deeper than MAX_SUBTASK_DEPTH.
 */
function countTasks(list: unknown[]): number {
  let n = 0;
  const stack: { list: unknown[]; depth: number; root: Rec | null }[] = [{ list, depth: 0, root: null }];
  while (stack.length > 0) {
    const { list: tasks, depth, root } = stack.pop()!;
    for (const t of tasks) {
      if (!isRecord(t)) continue;
      n++;
      const subtasks = rawSubtasks(t);
      if (subtasks.length === 0) continue;
      if (depth + 1 > MAX_SUBTASK_DEPTH) throw subtasksTooDeep(root ?? t);
      stack.push({ list: subtasks, depth: depth + 1, root: root ?? t });
    }
  }
  return n;
}

function subtasksTooDeep(top: Rec): AppError {
  const id = idKey(top.id);
  return new AppError(
    "invalid",
    `Subtasks are nested more than ${MAX_SUBTASK_DEPTH} levels deep under task ${id === null ? "" : `${id} `}${rawTitle(top)}; ` +
      `Cairn imports at most ${MAX_SUBTASK_DEPTH} levels of subtasks`,
    { limit: "subtaskDepth", max: MAX_SUBTASK_DEPTH },
  );
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
  raw: Rec;
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

function rawTitle(raw: Rec): string {
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
  private readonly fieldReader = new TaskFieldReader((message) => this.warn(message));
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
    for (const d of all) {
      const fields = this.fieldReader.read(d.raw, d.ref, d.parent?.task?.priority ?? "medium");
      d.task = { number: d.number, subNumber: d.subNumber, ...fields, dependencies: [] };
    }
    this.dependencies(all);
    return all.map((d) => d.task!);
  }

  private subtasksOf(t: Draft): Draft[] {
    return this.subs.get(t) ?? [];
  }

  /** Keeps the file's numbers where they are usable; everything else gets the next free one. */
  private number() {
    const objects: { raw: Rec; key: string | null; n: number | null }[] = [];
    this.list.forEach((v, i) => {
      if (!isRecord(v)) {
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
    if (isRecord(v)) {
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
    const direct: { raw: Rec; key: string | null; n: number | null; kept: boolean; draft: Draft }[] = [];
    this.subtaskList(parent).forEach((v, i) => {
      if (!isRecord(v)) {
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
        this.warn(
          `#${e.draft.ref}: subtask ${what} had id ${show(e.raw.id)}, which is not a positive whole number; renumbered to ${e.draft.ref}`,
        );
      }
    }
    registerKeys(parent.children, direct);
    const flat = direct.map((e) => e.draft);
    // Cairn has one level of subtasks: deeper ones join the top-level task after its own, in the
    // order a depth-first walk meets them (each owner's subtasks numbered together, then the
    // first one's subtree). An explicit stack keeps deep files off the call stack.
    const owners = direct.map((e) => e.draft).reverse();
    while (owners.length > 0) {
      const owner = owners.pop()!;
      const nested: { key: string | null; kept: boolean; draft: Draft }[] = [];
      this.subtaskList(owner).forEach((v, i) => {
        if (!isRecord(v)) {
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
      for (let i = nested.length - 1; i >= 0; i--) owners.push(nested[i]!.draft);
    }
    this.subs.set(parent, flat);
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
    if (typeof v === "number" && Number.isFinite(v))
      s = String(v); // 3.2 written as a JSON number
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
        this.warn(
          `#${task.ref}: dependency on #${dep.ref} dropped: it would create a cycle ${formatCycle(problem.cycle)}${implicitNote(g, problem.cycle)}`,
        );
        continue;
      }
      if (problem) continue;
      addEdge(g, task.ref, dep.ref);
      task.task!.dependencies.push(dep.ref);
    }
  }
}

function newDraft(raw: Rec, number: number, subNumber: number, parent: Draft | null, siblings: Map<string, Draft | null>): Draft {
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

function projectFrom(tag: string, data: Rec, legacy: boolean, fileWarnings: string[]): NormalizedProject {
  const reader = new ProjectReader(data.tasks as unknown[]);
  const tasks = reader.read();
  const warnings = [...fileWarnings];
  // Early CLI versions wrote the legacy file's metadata as "meta".
  const meta = isRecord(data.metadata) ? data.metadata : legacy && isRecord(data.meta) ? data.meta : {};
  const metaText = (k: string) => (typeof meta[k] === "string" && (meta[k] as string).trim() ? (meta[k] as string).trim() : null);
  let name = metaText("projectName") ?? metaText("name") ?? defaultName(tag);
  if (name.length > PROJECT_LIMITS.name) {
    warnings.push(`Project name was ${plural(name.length, "character")}; cut to ${PROJECT_LIMITS.name}`);
    name = clip(name, PROJECT_LIMITS.name).trimEnd();
  }
  let description = typeof meta.description === "string" ? meta.description : "";
  if (description.length > PROJECT_LIMITS.description) {
    warnings.push(
      `Project description was ${plural(description.length, "character")}; cut to ${PROJECT_LIMITS.description.toLocaleString("en-US")}`,
    );
    description = clip(description, PROJECT_LIMITS.description);
  }
  const keep: TagKeep = {};
  if (Object.keys(meta).length > 0) keep.metadata = meta;
  const fields: Record<string, unknown> = {};
  for (const k of legacy ? [] : Object.keys(data)) {
    if (k !== "tasks" && k !== "metadata" && data[k] !== undefined) {
      Object.defineProperty(fields, k, { value: data[k], enumerable: true, writable: true, configurable: true });
    }
  }
  if (Object.keys(fields).length > 0) keep.fields = fields;
  return { tag, name, description, tasks, warnings: [...warnings, ...reader.warnings], keep: Object.keys(keep).length > 0 ? keep : null };
}

/**
 * One project per tag (a legacy `{"tasks": [...]}` file is the tag "master"). Throws only when
 * nothing in the input can be imported or it is too large; every other oddity becomes a warning
 * on the project it concerns (file-level ones on the first project).
 */
export function normalizeTaskMasterFile(input: unknown): NormalizedProject[] {
  const shape = 'expected {"tasks": [...]} or tags such as {"master": {"tasks": [...]}}';
  if (!isRecord(input)) throw invalid(`This is not a Task Master tasks file: ${shape}`);
  const tags: [string, Rec][] = [];
  const fileWarnings: string[] = [];
  const legacy = Array.isArray(input.tasks);
  if (legacy) tags.push(["master", input]);
  for (const [key, value] of Object.entries(input)) {
    if (legacy && (key === "tasks" || key === "metadata" || key === "meta")) continue;
    if (isRecord(value) && Array.isArray(value.tasks)) {
      if (legacy && key === "master") fileWarnings.push(`Tag "master" skipped: the file's top-level task list already is the master tag`);
      else tags.push([key, value]);
    } else if (value !== undefined && value !== null) {
      fileWarnings.push(`Top-level field "${key}" is not a tag with a task list; skipped`);
    }
  }
  if (tags.length === 0) throw invalid(`No task list found: ${shape}`);
  const total = tags.reduce((n, [, data]) => n + countTasks(data.tasks as unknown[]), 0);
  // Everything below may recurse into a value (JSON.stringify to show or store it): bound it once.
  if (nestingDepth(input, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new AppError("invalid", `This file nests values more than ${MAX_JSON_DEPTH} levels deep; Cairn reads at most ${MAX_JSON_DEPTH}`, {
      limit: "jsonDepth",
      max: MAX_JSON_DEPTH,
    });
  }
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
  return {
    ...project,
    tag: fix(project.tag),
    name,
    description: fix(project.description),
    tasks,
    warnings: [...project.warnings, ...warnings],
  };
}
