// Re-import: what a Task Master tag changes in the project imported from it, matched task by task
// on the Task Master id (the ref), and how that change is written. No authorization here: the
// import service (import-taskmaster.ts) decides which projects may be updated.
import "server-only";
import { randomUUID } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db";
import { bulkInsert } from "@/lib/db-bulk";
import { removeTasks } from "../delete-task";
import { recordEvents, type EventInput } from "../events";
import { bumpRevision } from "../plan-snapshot";
import { formatRef } from "../refs";
import { taskSelect, type TaskRow } from "../task-row";
import { writeTaskChanges, type TaskFieldChanges } from "../write-task";
import type { NormalizedProject, NormalizedTask } from "./normalize";
import { storeJson } from "./stored";

export interface TaskChangeSummary {
  ref: string;
  title: string;
  /** The fields that differ, as the file names them ("title", "status", "dependencies"…). */
  fields: string[];
}

export interface ImportChanges {
  created: { ref: string; title: string }[];
  updated: TaskChangeSummary[];
  /** In the project but not in the file: removed only when the import is told to remove them. */
  notInFile: { ref: string; title: string }[];
  unchanged: number;
}

type Row = TaskRow & { tmExtra: string | null; nextSubNumber: number };

interface Plan {
  changes: ImportChanges;
  create: NormalizedTask[];
  update: { row: Row; task: NormalizedTask; fields: TaskFieldChanges; extra: boolean; deps: string[] | null }[];
  remove: Row[];
  rows: Row[];
  idByRef: Map<string, string>;
}

const SIMPLE = [
  "title",
  "description",
  "details",
  "testStrategy",
  "acceptanceCriteria",
  "status",
  "priority",
  "complexity",
  "recommendedSubtasks",
  "expansionPrompt",
  "complexityReasoning",
  "assignee",
] as const;

/** Compares the file's tag with the project as stored. Reads only. */
export async function planUpdate(tx: Tx, projectId: string, np: NormalizedProject): Promise<Plan> {
  const rows = (await tx.task.findMany({ where: { projectId }, select: { ...taskSelect, tmExtra: true, nextSubNumber: true } })) as Row[];
  const edges = await tx.taskDependency.findMany({ where: { projectId }, select: { taskId: true, dependsOnId: true } });
  const refOf = new Map(rows.map((r) => [r.id, formatRef(r.number, r.subNumber)]));
  const byRef = new Map(rows.map((r) => [formatRef(r.number, r.subNumber), r]));
  const depsOf = new Map<string, string[]>();
  for (const e of edges) {
    const ref = refOf.get(e.dependsOnId);
    if (ref) (depsOf.get(e.taskId) ?? depsOf.set(e.taskId, []).get(e.taskId)!).push(ref);
  }
  const plan: Plan = {
    changes: { created: [], updated: [], notInFile: [], unchanged: 0 },
    create: [],
    update: [],
    remove: [],
    rows,
    idByRef: new Map([...byRef].map(([ref, r]) => [ref, r.id])),
  };
  const inFile = new Set<string>();
  for (const t of np.tasks) {
    const ref = formatRef(t.number, t.subNumber);
    inFile.add(ref);
    const row = byRef.get(ref);
    if (!row) {
      plan.create.push(t);
      plan.changes.created.push({ ref, title: t.title });
      continue;
    }
    const fields: TaskFieldChanges = {};
    const names: string[] = [];
    for (const k of SIMPLE) {
      if (row[k] !== t[k]) {
        (fields as Record<string, unknown>)[k] = t[k];
        names.push(k);
      }
    }
    const due = t.dueDate === null ? null : new Date(t.dueDate);
    if ((row.dueDate?.getTime() ?? null) !== (due?.getTime() ?? null)) {
      fields.dueDate = due;
      names.push("dueDate");
    }
    if (row.labels !== JSON.stringify(t.labels)) {
      fields.labels = t.labels;
      names.push("labels");
    }
    const extra = row.tmExtra !== storeJson(t.extra);
    if (extra) names.push(...changedExtraKeys(row.tmExtra, t.extra));
    const had = (depsOf.get(row.id) ?? []).sort().join(",");
    const deps = had === [...t.dependencies].sort().join(",") ? null : t.dependencies;
    if (deps) names.push("dependencies");
    if (names.length === 0) {
      plan.changes.unchanged++;
      continue;
    }
    plan.update.push({ row, task: t, fields, extra, deps });
    plan.changes.updated.push({ ref, title: t.title, fields: [...new Set(names)] });
  }
  for (const [ref, row] of byRef) {
    if (inFile.has(ref)) continue;
    plan.remove.push(row);
    plan.changes.notInFile.push({ ref, title: row.title });
  }
  return plan;
}

function changedExtraKeys(stored: string | null, next: Record<string, unknown> | null): string[] {
  let before: Record<string, unknown> = {};
  try {
    before = stored ? (JSON.parse(stored) as Record<string, unknown>) : {};
  } catch {
    /* a damaged value counts as nothing kept */
  }
  const after = next ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out = [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return out.length > 0 ? out : ["fields kept from Task Master"];
}

/** Writes a plan inside the caller's transaction: creates, changes, then (if asked) removes. */
export async function applyUpdate(
  tx: Tx,
  actor: Actor,
  projectId: string,
  np: NormalizedProject,
  plan: Plan,
  remove: boolean,
): Promise<{ dependencies: number }> {
  const ctx = { projectId, actorId: actor.userId };
  const now = new Date();
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { nextNumber: true } });
  const maxNumber = np.tasks.reduce((m, t) => Math.max(m, t.number), 0);
  await tx.project.update({
    where: { id: projectId },
    data: { description: np.description, tmMeta: storeJson(np.keep), nextNumber: Math.max(project.nextNumber, maxNumber + 1) },
  });

  // New tasks go to the end of their column (top-level) or of their parent's subtasks.
  const idByRef = plan.idByRef;
  for (const t of plan.create) idByRef.set(formatRef(t.number, t.subNumber), randomUUID());
  const lastRank = new Map<string, string>();
  const groupOf = (r: { subNumber: number; number: number; status: string }) =>
    r.subNumber === 0 ? `status:${r.status}` : `parent:${r.number}`;
  for (const r of plan.rows) {
    const g = groupOf(r);
    if ((lastRank.get(g) ?? "") < r.rank) lastRank.set(g, r.rank);
  }
  const groups = new Map<string, NormalizedTask[]>();
  for (const t of plan.create) (groups.get(groupOf(t)) ?? groups.set(groupOf(t), []).get(groupOf(t))!).push(t);
  const rankByRef = new Map<string, string>();
  for (const [g, list] of groups) {
    const keys = generateNKeysBetween(lastRank.get(g) ?? null, null, list.length);
    list.forEach((t, i) => rankByRef.set(formatRef(t.number, t.subNumber), keys[i]!));
  }
  const maxSub = new Map<number, number>();
  for (const t of np.tasks) if (t.subNumber > 0) maxSub.set(t.number, Math.max(maxSub.get(t.number) ?? 0, t.subNumber));
  await bulkInsert(
    tx,
    "Task",
    plan.create.map((t) => {
      const ref = formatRef(t.number, t.subNumber);
      return {
        ...taskColumns(t, now),
        id: idByRef.get(ref)!,
        projectId,
        number: t.number,
        subNumber: t.subNumber,
        parentId: t.subNumber > 0 ? idByRef.get(String(t.number))! : null,
        nextSubNumber: t.subNumber === 0 ? (maxSub.get(t.number) ?? 0) + 1 : 1,
        rank: rankByRef.get(ref)!,
      };
    }),
  );
  for (const r of plan.rows) {
    const sub = maxSub.get(r.number);
    if (r.subNumber === 0 && sub !== undefined && sub >= r.nextSubNumber) {
      await tx.task.update({ where: { id: r.id }, data: { nextSubNumber: sub + 1 } });
    }
  }
  // New tasks' prerequisites, on tasks already there or created just now.
  await bulkInsert(
    tx,
    "TaskDependency",
    plan.create.flatMap((t) =>
      t.dependencies.map((d) => ({
        projectId,
        taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
        dependsOnId: idByRef.get(d)!,
        createdAt: now,
      })),
    ),
  );
  await recordEvents(
    tx,
    plan.create.map((t) => ({
      projectId,
      taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
      taskRef: formatRef(t.number, t.subNumber),
      actorId: actor.userId,
      kind: "imported",
      field: "status",
      newValue: { title: t.title, status: t.status },
    })),
    now,
  );
  // The graph read below must see the new rows.
  await bumpRevision(projectId, tx);

  for (const u of plan.update) {
    if (Object.keys(u.fields).length > 0) {
      const current = (await tx.task.findUniqueOrThrow({ where: { id: u.row.id }, select: taskSelect })) as TaskRow;
      await writeTaskChanges(tx, ctx, current, u.fields);
    }
    if (u.extra) await tx.task.update({ where: { id: u.row.id }, data: { tmExtra: storeJson(u.task.extra) } });
    if (u.deps) await replaceDependencies(tx, ctx, u.row, u.deps, idByRef);
  }
  if (remove && plan.remove.length > 0)
    await removeTasks(
      tx,
      actor,
      projectId,
      plan.remove.map((r) => r.id),
    );
  await bumpRevision(projectId, tx);
  return { dependencies: await tx.taskDependency.count({ where: { projectId } }) };
}

async function replaceDependencies(
  tx: Tx,
  ctx: { projectId: string; actorId: string },
  row: Row,
  refs: string[],
  idByRef: Map<string, string>,
) {
  const ref = formatRef(row.number, row.subNumber);
  const current = await tx.taskDependency.findMany({ where: { taskId: row.id }, select: { dependsOnId: true } });
  const refById = new Map([...idByRef].map(([r, id]) => [id, r]));
  const want = new Set(refs.map((r) => idByRef.get(r)!));
  const had = new Set(current.map((c) => c.dependsOnId));
  const gone = [...had].filter((id) => !want.has(id));
  const added = [...want].filter((id) => !had.has(id));
  if (gone.length) await tx.taskDependency.deleteMany({ where: { taskId: row.id, dependsOnId: { in: gone } } });
  if (added.length) {
    await tx.taskDependency.createMany({ data: added.map((dependsOnId) => ({ projectId: ctx.projectId, taskId: row.id, dependsOnId })) });
  }
  const event = (kind: "dependency_added" | "dependency_removed", id: string): EventInput => ({
    projectId: ctx.projectId,
    taskId: row.id,
    taskRef: ref,
    actorId: ctx.actorId,
    kind,
    field: "dependencies",
    [kind === "dependency_added" ? "newValue" : "oldValue"]: refById.get(id) ?? null,
  });
  await recordEvents(tx, [...added.map((id) => event("dependency_added", id)), ...gone.map((id) => event("dependency_removed", id))]);
  await tx.task.update({ where: { id: row.id }, data: { version: { increment: 1 } } });
}

/** The columns of a task written from the file (everything but identity, place and rank). */
export function taskColumns(t: NormalizedTask, now: Date) {
  return {
    title: t.title,
    description: t.description,
    details: t.details,
    testStrategy: t.testStrategy,
    acceptanceCriteria: t.acceptanceCriteria,
    status: t.status,
    priority: t.priority,
    complexity: t.complexity,
    recommendedSubtasks: t.recommendedSubtasks,
    expansionPrompt: t.expansionPrompt,
    complexityReasoning: t.complexityReasoning,
    assignee: t.assignee,
    dueDate: t.dueDate ? new Date(t.dueDate) : null,
    labels: JSON.stringify(t.labels),
    source: "import",
    externalRef: null,
    tmExtra: storeJson(t.extra),
    version: 1,
    createdAt: now,
    updatedAt: now,
    completedAt: t.status === "done" ? now : null,
  };
}
