import "server-only";
import { randomUUID } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject, requireScope, requireUnboundToken } from "@/lib/auth/authorize";
import { db, inTransaction, type Tx } from "@/lib/db";
import { conflict, invalid } from "@/lib/errors";
import { bulkInsert } from "@/lib/db-bulk";
import { parseInput } from "@/lib/validation/parse";
import { importOptionsInput, type ImportOptions } from "@/lib/validation/projects";
import { insertProject } from "./projects";
import { bumpRevision } from "./plan-snapshot";
import { formatRef } from "./refs";
import { normalizeTaskMasterFile, type NormalizedProject } from "./taskmaster/normalize";
import { storeJson } from "./taskmaster/stored";
import { applyUpdate, planUpdate, taskColumns, type ImportChanges } from "./taskmaster/update-plan";

export type { ImportChanges } from "./taskmaster/update-plan";

export interface ImportedProject {
  /** The project written or updated. */
  id: string;
  tag: string;
  name: string;
  tasks: number;
  subtasks: number;
  dependencies: number;
  warnings: string[];
  /** A project you can edit that was imported from this tag (the most recently changed one). */
  match: { id: string; name: string } | null;
  /** What this import does (or, in a dry run, would do) with the tag. */
  action: "create" | "update";
  /** For a matched tag: what updating the project changes (in create mode: what it would change). */
  changes: ImportChanges | null;
  /** Update mode: refs removed because the file no longer has them (only when asked to remove). */
  removed: string[];
}

export interface ImportResult {
  mode: ImportOptions["mode"];
  projects: ImportedProject[];
}

/** What an import would do with one tag; `id` is null for a project it would create. */
export interface ImportPreviewProject extends Omit<ImportedProject, "id" | "removed"> {
  id: string | null;
}

export interface ImportPreview {
  mode: ImportOptions["mode"];
  projects: ImportPreviewProject[];
}

/** What importTaskMaster would do with the file under these options; writes nothing. */
export async function previewTaskMasterImport(actor: Actor, raw: unknown, rawOptions: unknown = {}): Promise<ImportPreview> {
  requireScope(actor, "write");
  requireUnboundToken(actor);
  const options = parseInput(importOptionsInput, rawOptions);
  const normalized = normalizeTaskMasterFile(raw);
  if (options.into) {
    const { target, np } = await intoTarget(db, actor, options, normalized);
    const plan = await planUpdate(db, target.id, np);
    const { removed: _r, ...summary } = summarize(np, target, plan.changes, true);
    return { mode: options.mode, projects: [{ ...summary, id: target.id }] };
  }
  const matches = await matchingProjects(db, actor, normalized);
  const projects: ImportPreviewProject[] = [];
  for (const np of normalized) {
    const match = matches.get(np.tag) ?? null;
    const plan = match ? await planUpdate(db, match.id, np) : null;
    const update = options.mode === "update" && match !== null;
    const { removed: _r, ...summary } = summarize(np, match, plan?.changes ?? null, update);
    projects.push({ ...summary, id: update ? match.id : null });
  }
  return { mode: options.mode, projects };
}

function summarize(np: NormalizedProject, match: { id: string; name: string } | null, changes: ImportChanges | null, update: boolean) {
  return {
    tag: np.tag,
    name: update && match ? match.name : np.name,
    tasks: np.tasks.filter((t) => t.subNumber === 0).length,
    subtasks: np.tasks.filter((t) => t.subNumber > 0).length,
    dependencies: np.tasks.reduce((n, t) => n + t.dependencies.length, 0),
    warnings: np.warnings,
    match: match ? { id: match.id, name: match.name } : null,
    action: update ? ("update" as const) : ("create" as const),
    changes,
    removed: [] as string[],
  };
}

/**
 * Imports a Task Master tasks.json. In create mode each tag becomes a new project; in update mode
 * a tag that matches a project imported from it (its stored tag, among the projects the actor may
 * edit) updates that project task by task (matched on the Task Master id), and the project's tasks
 * the file no longer has are removed only when `remove` is set. Everything is written in one
 * transaction, so a failure leaves nothing behind. previewTaskMasterImport says what it would do.
 */
export async function importTaskMaster(actor: Actor, raw: unknown, rawOptions: unknown = {}): Promise<ImportResult> {
  requireScope(actor, "write");
  requireUnboundToken(actor);
  const options = parseInput(importOptionsInput, rawOptions);
  const normalized = normalizeTaskMasterFile(raw);
  if (options.into) {
    const into = options.into;
    const projects = await inTransaction(async (tx) => {
      const { target, np } = await intoTarget(tx, actor, options, normalized);
      const plan = await planUpdate(tx, target.id, np);
      const counts = summarize(np, target, plan.changes, true);
      const { dependencies } = await applyUpdate(tx, actor, target.id, np, plan, false);
      // The project keeps its own name (and description, when it has one) and now answers to the tag.
      await tx.project.update({
        where: { id: into },
        data: { tmTag: np.tag, ...(target.description ? { description: target.description } : {}) },
      });
      return [{ ...counts, id: target.id, dependencies, removed: [] }];
    }, 120_000);
    return { mode: options.mode, projects };
  }
  const projects = await inTransaction(async (tx) => {
    const matches = await matchingProjects(tx, actor, normalized);
    const out: ImportedProject[] = [];
    for (const np of normalized) {
      const match = matches.get(np.tag) ?? null;
      const plan = match ? await planUpdate(tx, match.id, np) : null;
      const update = options.mode === "update" && match !== null && plan !== null;
      const counts = summarize(np, match, plan?.changes ?? null, update);
      if (update) {
        const { dependencies } = await applyUpdate(tx, actor, match.id, np, plan, options.remove);
        out.push({ ...counts, id: match.id, dependencies, removed: options.remove ? plan.changes.notInFile.map((t) => t.ref) : [] });
      } else {
        out.push({ ...counts, ...(await writeProject(tx, actor, np)) });
      }
    }
    return out;
  }, 120_000);
  return { mode: options.mode, projects };
}

/**
 * The project an `into` import fills, and the tag that goes into it: the project must be one the
 * actor may edit and must have no tasks yet (an import never mixes with tasks written by hand);
 * a file of several tags must name one.
 */
async function intoTarget(tx: Tx, actor: Actor, options: ImportOptions, normalized: NormalizedProject[]) {
  const projectId = options.into!;
  await authorizeProject(actor, projectId, "editor", tx);
  const target = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true, description: true } });
  const tags = normalized.map((p) => p.tag);
  const np = options.tag ? normalized.find((p) => p.tag === options.tag) : normalized.length === 1 ? normalized[0] : undefined;
  if (!np) {
    throw invalid(
      options.tag
        ? `The file has no tag “${options.tag}”; it has ${tags.map((t) => `“${t}”`).join(", ")}`
        : `The file has ${tags.length} tags (${tags.map((t) => `“${t}”`).join(", ")}): say which one goes into ${target.name}`,
      { tags },
    );
  }
  if ((await tx.task.count({ where: { projectId } })) > 0) {
    throw conflict(
      `${target.name} already has tasks: a file is imported only into an empty project (or updates the project imported from it)`,
    );
  }
  return { target, np };
}

/** Per tag, the most recently changed project imported from it that the actor may edit. */
async function matchingProjects(tx: Tx, actor: Actor, normalized: NormalizedProject[]) {
  const rows = await tx.membership.findMany({
    where: { userId: actor.userId, role: { in: ["owner", "editor"] }, project: { tmTag: { in: normalized.map((p) => p.tag) } } },
    select: { project: { select: { id: true, name: true, tmTag: true, updatedAt: true } } },
    orderBy: { project: { updatedAt: "desc" } },
  });
  const out = new Map<string, { id: string; name: string }>();
  for (const { project } of rows) if (project.tmTag !== null && !out.has(project.tmTag)) out.set(project.tmTag, project);
  return out;
}

async function writeProject(tx: Tx, actor: Actor, np: NormalizedProject): Promise<{ id: string; dependencies: number }> {
  const maxNumber = np.tasks.reduce((m, t) => Math.max(m, t.number), 0);
  const project = await insertProject(tx, actor, { name: np.name, description: np.description, nextNumber: maxNumber + 1 });
  await tx.project.update({ where: { id: project.id }, data: { tmTag: np.tag, tmMeta: storeJson(np.keep) } });
  const idByRef = new Map<string, string>();
  for (const t of np.tasks) idByRef.set(formatRef(t.number, t.subNumber), randomUUID());

  // Ranks: top-level tasks per status column, subtasks per parent, in file order.
  const groups = new Map<string, string[]>();
  for (const t of np.tasks) {
    const key = t.subNumber === 0 ? `status:${t.status}` : `parent:${t.number}`;
    const list = groups.get(key) ?? [];
    list.push(formatRef(t.number, t.subNumber));
    groups.set(key, list);
  }
  const rankByRef = new Map<string, string>();
  for (const refs of groups.values()) {
    const keys = generateNKeysBetween(null, null, refs.length);
    refs.forEach((r, i) => rankByRef.set(r, keys[i]!));
  }
  const nextSub = new Map<number, number>();
  for (const t of np.tasks) if (t.subNumber > 0) nextSub.set(t.number, Math.max(nextSub.get(t.number) ?? 0, t.subNumber));

  const now = new Date();
  await bulkInsert(
    tx,
    "Task",
    np.tasks.map((t) => {
      const ref = formatRef(t.number, t.subNumber);
      return {
        ...taskColumns(t, now),
        id: idByRef.get(ref)!,
        projectId: project.id,
        number: t.number,
        subNumber: t.subNumber,
        parentId: t.subNumber > 0 ? idByRef.get(String(t.number))! : null,
        nextSubNumber: t.subNumber === 0 ? (nextSub.get(t.number) ?? 0) + 1 : 1,
        rank: rankByRef.get(ref)!,
      };
    }),
  );
  const edges = np.tasks.flatMap((t) =>
    t.dependencies.map((d) => ({
      projectId: project.id,
      taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
      dependsOnId: idByRef.get(d)!,
      createdAt: now,
    })),
  );
  await bulkInsert(tx, "TaskDependency", edges);
  // The import is history too: reports replay statuses from these events.
  await bulkInsert(
    tx,
    "TaskEvent",
    np.tasks.map((t) => ({
      id: randomUUID(),
      projectId: project.id,
      taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
      taskRef: formatRef(t.number, t.subNumber),
      actorId: actor.userId,
      kind: "imported",
      field: "status",
      oldValue: null,
      newValue: JSON.stringify({ title: t.title, status: t.status }),
      createdAt: now,
    })),
  );
  await bumpRevision(project.id, tx);
  return { id: project.id, dependencies: edges.length };
}
