// Writes projects as a tagged Task Master tasks.json that the `task-master` CLI reads as-is and
// normalizeTaskMasterFile reads back to the same tasks. No database here.
import { compareRefs, parseRef } from "@/lib/tasks/refs";
import type { NormalizedTask, TagKeep } from "./normalize";

/** Same shape as an imported task, so an export re-imports field for field. */
export interface ExportTask extends NormalizedTask {}

export interface ExportProject {
  tag: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  tasks: ExportTask[];
  /** The tag's metadata and fields as imported, written back verbatim. */
  keep?: TagKeep | null;
}

const setKey = (o: Record<string, unknown>, k: string, v: unknown) =>
  // defineProperty: a key such as "__proto__" must stay an ordinary key.
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

type TaskMasterTag = { tasks: unknown[]; metadata: Record<string, unknown> };

/**
 * Dependencies as Task Master writes them. On a top-level task: numbers for top-level tasks,
 * "p.s" strings for subtasks. On a subtask: bare numbers for siblings, "p.s" for other subtasks
 * and "N" strings for top-level tasks (the normaliser reads a string without a dot as top-level).
 */
function exportDeps(t: ExportTask): (number | string)[] {
  return [...t.dependencies]
    .map((ref) => ({ ref, ...parseRef(ref) }))
    .sort(compareRefs)
    .map(({ ref, number, subNumber }) => {
      if (t.subNumber === 0) return subNumber === 0 ? number : ref;
      if (subNumber !== 0 && number === t.number) return subNumber;
      return ref;
    });
}

function exportTask(t: ExportTask, subtasks: ExportTask[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.subNumber === 0 ? t.number : t.subNumber,
    title: t.title,
    description: t.description,
    details: t.details,
    testStrategy: t.testStrategy,
    status: t.status,
    // Task Master leaves a subtask's priority unset; Cairn keeps its own, so it is always written.
    priority: t.priority,
    dependencies: exportDeps(t),
  };
  // Cairn's own fields only when set, so a plain Task Master plan exports as a plain file.
  if (t.complexity !== null) out.complexity = t.complexity;
  if (t.recommendedSubtasks !== null) out.recommendedSubtasks = t.recommendedSubtasks;
  if (t.expansionPrompt !== null) out.expansionPrompt = t.expansionPrompt;
  if (t.complexityReasoning !== null) out.complexityReasoning = t.complexityReasoning;
  if (t.assignee !== null) out.assignee = t.assignee;
  if (t.dueDate !== null) out.dueDate = t.dueDate;
  if (t.labels.length > 0) out.labels = [...t.labels];
  // A list of criteria stays a list while its text is unchanged; otherwise the text is written.
  const listed = t.extra?.acceptanceCriteria;
  if (Array.isArray(listed) && listed.join("\n") === t.acceptanceCriteria) out.acceptanceCriteria = listed;
  else if (t.acceptanceCriteria !== "") out.acceptanceCriteria = t.acceptanceCriteria;
  // Fields Cairn has no column for go back as the file had them.
  for (const [k, v] of Object.entries(t.extra ?? {})) if (!Object.hasOwn(out, k) && k !== "acceptanceCriteria") setKey(out, k, v);
  if (subtasks) out.subtasks = subtasks.map((s) => exportTask(s, null));
  return out;
}

export function toTaskMasterFile(projects: ExportProject[]): Record<string, TaskMasterTag> {
  const out: Record<string, TaskMasterTag> = {};
  for (const p of projects) {
    const subsOf = new Map<number, ExportTask[]>();
    const top: ExportTask[] = [];
    for (const t of p.tasks) {
      if (t.subNumber === 0) top.push(t);
      else (subsOf.get(t.number) ?? subsOf.set(t.number, []).get(t.number)!).push(t);
    }
    top.sort(compareRefs);
    for (const [n, subs] of subsOf) {
      if (!top.some((t) => t.number === n)) {
        throw new Error(`Cannot export subtask #${n}.${subs[0]!.subNumber} of project "${p.name}": task #${n} is not in the export`);
      }
      subs.sort(compareRefs);
    }
    let tag = p.tag;
    for (let i = 2; Object.hasOwn(out, tag); i++) tag = `${p.tag}-${i}`;
    // The metadata as imported, with what Cairn keeps in its own columns brought up to date.
    const metadata: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p.keep?.metadata ?? {})) setKey(metadata, k, v);
    if (p.keep?.metadata?.created === undefined) metadata.created = p.createdAt;
    metadata.updated = p.updatedAt;
    metadata.description = p.description;
    const kept = p.keep?.metadata;
    if (!kept || Object.hasOwn(kept, "projectName") || (!Object.hasOwn(kept, "name") && p.name !== defaultName(p.tag))) {
      metadata.projectName = p.name;
    }
    const value: TaskMasterTag = { tasks: top.map((t) => exportTask(t, subsOf.get(t.number) ?? [])), metadata };
    for (const [k, v] of Object.entries(p.keep?.fields ?? {})) if (k !== "tasks" && k !== "metadata") setKey(value, k, v);
    // defineProperty: a tag such as "__proto__" must stay an ordinary key.
    Object.defineProperty(out, tag, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The name an import gives a tag with no projectName in its metadata. */
export function defaultName(tag: string): string {
  return tag === "master" ? "Imported plan" : tag.trim() || "Imported plan";
}

/** Kebab-case tag for a project name, suffixed "-2", "-3"... when taken. Does not add it to `taken`. */
export function uniqueTag(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, 50)
      .replace(/-+$/, "") || "project";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
