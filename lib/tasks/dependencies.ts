import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction, type Tx } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { addDependencyInput } from "@/lib/validation/tasks";
import type { TaskDto } from "./types";
import { recordEvents } from "./events";
import { checkNewEdge } from "./rules/dependency-checks";
import { setTaskDeps } from "./rules/graph-patches";
import { depsOf } from "./rules/task-graph";
import { taskDtoById } from "./get-task";
import { bumpRevision, getProjectGraph } from "./plan-snapshot";
import { resolveDependencyRefs, taskIdOrThrow } from "./resolve";
import type { WriteContext } from "./write-task";

function edgeError(problem: NonNullable<ReturnType<typeof checkNewEdge>>): AppError {
  // A duplicate is a conflict with existing state; self and cycles are invalid input.
  if (problem.kind === "duplicate") return new AppError("conflict", problem.message);
  return new AppError("invalid", problem.message, "cycle" in problem ? { cycle: problem.cycle } : undefined);
}

/**
 * Sets a task's prerequisites to exactly `refs` (inside the caller's transaction). Returns
 * whether anything changed; only then is `expectedVersion` checked (and the version moved).
 */
export async function replaceDependencies(
  tx: Tx,
  ctx: WriteContext,
  taskId: string,
  refs: string[],
  expectedVersion?: number,
): Promise<boolean> {
  const g = await getProjectGraph(ctx.projectId, tx);
  const wanted = resolveDependencyRefs(g, refs);
  const current = depsOf(g, taskId);
  const added = wanted.filter((d) => !current.includes(d));
  const removed = current.filter((d) => !wanted.includes(d));
  if (added.length === 0 && removed.length === 0) return false;
  for (const d of added) {
    // Each new edge leaves the task, so none can lie on another's cycle path: checking
    // each against the current graph is exact.
    const problem = checkNewEdge(g, taskId, d);
    if (problem) throw edgeError(problem);
  }
  const t = g.tasks.get(taskId)!;
  await touchVersion(tx, ctx.projectId, taskId, expectedVersion);
  if (removed.length) {
    await tx.taskDependency.deleteMany({ where: { taskId, dependsOnId: { in: removed } } });
  }
  if (added.length) {
    await tx.taskDependency.createMany({ data: added.map((d) => ({ projectId: ctx.projectId, taskId, dependsOnId: d })) });
  }
  await recordEvents(tx, [
    ...added.map((d) => ({
      ...ctx,
      taskId,
      taskRef: t.ref,
      kind: "dependency_added" as const,
      field: "dependencies",
      newValue: g.tasks.get(d)!.ref,
    })),
    ...removed.map((d) => ({
      ...ctx,
      taskId,
      taskRef: t.ref,
      kind: "dependency_removed" as const,
      field: "dependencies",
      oldValue: g.tasks.get(d)?.ref ?? null,
    })),
  ]);
  await bumpRevision(ctx.projectId, tx, (graph) => setTaskDeps(graph, taskId, wanted));
  return true;
}

/** Dependency changes are changes to the task: they move its version (and honour a stale one). */
async function touchVersion(tx: Tx, projectId: string, taskId: string, expectedVersion?: number) {
  const { count } = await tx.task.updateMany({
    where: { id: taskId, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
    data: { version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await taskDtoById(projectId, taskId, tx).catch(() => null);
    throw conflict("This task was changed by someone else. Review the current version and try again.", { current });
  }
}

export async function addDependency(actor: Actor, projectId: string, rawRef: unknown, raw: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const { dependsOn } = parseInput(addDependencyInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const taskId = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const [depId] = resolveDependencyRefs(g, [dependsOn], "dependsOn");
    const problem = checkNewEdge(g, taskId, depId!);
    if (problem) throw edgeError(problem);
    await replaceDependencies(tx, { projectId, actorId: actor.userId }, taskId, [
      ...depsOf(g, taskId).map((d) => g.tasks.get(d)!.ref),
      dependsOn,
    ]);
    return taskId;
  });
  return taskDtoById(projectId, taskId);
}

export async function removeDependency(actor: Actor, projectId: string, rawRef: unknown, rawDepRef: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const depRef = parseInput(taskRef, rawDepRef);
  await authorizeProject(actor, projectId, "editor");
  const taskId = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const depId = g.byRef.get(depRef);
    if (!depId || !depsOf(g, taskId).includes(depId)) throw notFound(`Dependency of #${ref} on #${depRef}`);
    const keep = depsOf(g, taskId)
      .filter((d) => d !== depId)
      .map((d) => g.tasks.get(d)!.ref);
    await replaceDependencies(tx, { projectId, actorId: actor.userId }, taskId, keep);
    return taskId;
  });
  return taskDtoById(projectId, taskId);
}
