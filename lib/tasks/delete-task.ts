import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction, type Tx } from "@/lib/db";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { deleteTaskQuery } from "@/lib/validation/tasks";
import type { DeleteTaskResult, TaskLink } from "./types";
import { recordEvents, type EventInput } from "./events";
import { removeTaskNodes } from "./rules/graph-patches";
import { childrenOf, dependentsOf, type ProjectGraph as Graph } from "./rules/task-graph";
import { bumpRevision, getProjectGraph } from "./plan-snapshot";
import { taskIdOrThrow } from "./resolve";
import { syncParentStatus } from "./write-task";

/**
 * What removing these tasks means, without writing: the tasks themselves with their subtasks,
 * and the remaining tasks that lose a prerequisite. The one place the removal rule lives; the
 * delete and its preview both read it.
 */
function planRemoval(g: Graph, taskIds: string[]): { ids: string[]; lost: Map<string, string[]> } {
  const ids = [...new Set(taskIds.flatMap((id) => [id, ...childrenOf(g, id)]))].filter((id) => g.tasks.has(id));
  const gone = new Set(ids);
  // Each surviving dependent, with the deleted tasks it depended on.
  const lost = new Map<string, string[]>();
  for (const id of ids) {
    for (const d of dependentsOf(g, id)) {
      if (gone.has(d)) continue;
      lost.set(d, [...(lost.get(d) ?? []), id]);
    }
  }
  return { ids, lost };
}

function removalResult(g: Graph, { ids, lost }: ReturnType<typeof planRemoval>): DeleteTaskResult {
  const link = (id: string): TaskLink => {
    const t = g.tasks.get(id)!;
    return { ref: t.ref, title: t.title, status: t.status };
  };
  return { deleted: ids.map((id) => g.tasks.get(id)!.ref), lostPrerequisite: [...lost.keys()].map(link) };
}

/**
 * Removes tasks (and, through the cascade, their subtasks, notes and edges) inside the caller's
 * transaction: records what was deleted and which remaining tasks lost a prerequisite, and lets
 * surviving parents follow their remaining subtasks. Every deletion in Cairn goes through here.
 */
export async function removeTasks(tx: Tx, actor: Actor, projectId: string, taskIds: string[]): Promise<DeleteTaskResult> {
  const g = await getProjectGraph(projectId, tx);
  const plan = planRemoval(g, taskIds);
  const { ids, lost } = plan;
  if (ids.length === 0) return { deleted: [], lostPrerequisite: [] };
  const gone = new Set(ids);
  const events: EventInput[] = ids.map((id) => {
    const t = g.tasks.get(id)!;
    return {
      projectId,
      taskId: id,
      taskRef: t.ref,
      actorId: actor.userId,
      kind: "deleted",
      oldValue: { title: t.title, status: t.status },
    };
  });
  for (const [d, prerequisites] of lost) {
    for (const id of prerequisites) {
      events.push({
        projectId,
        taskId: d,
        taskRef: g.tasks.get(d)!.ref,
        actorId: actor.userId,
        kind: "dependency_removed",
        field: "dependencies",
        oldValue: g.tasks.get(id)!.ref,
      });
    }
  }
  const parents = new Set(ids.map((id) => g.tasks.get(id)!.parentId).filter((p): p is string => !!p && !gone.has(p)));
  await tx.task.deleteMany({ where: { id: { in: ids } } });
  if (lost.size) await tx.task.updateMany({ where: { id: { in: [...lost.keys()] } }, data: { version: { increment: 1 } } });
  await recordEvents(tx, events);
  await bumpRevision(projectId, tx, (graph) => removeTaskNodes(graph, ids));
  for (const p of parents) await syncParentStatus(tx, { projectId, actorId: actor.userId }, p);
  return removalResult(g, plan);
}

/**
 * Deletes a task and its subtasks, removing their dependency edges, and says who lost a
 * prerequisite. With the query `dryRun=true` it only says so and changes nothing.
 */
export async function deleteTask(actor: Actor, projectId: string, rawRef: unknown, rawOptions: unknown = {}): Promise<DeleteTaskResult> {
  const ref = parseInput(taskRef, rawRef);
  const { dryRun } = parseInput(deleteTaskQuery, rawOptions);
  await authorizeProject(actor, projectId, "editor");
  if (dryRun) {
    const g = await getProjectGraph(projectId);
    return removalResult(g, planRemoval(g, [taskIdOrThrow(g, ref)]));
  }
  return inTransaction(async (tx) => removeTasks(tx, actor, projectId, [taskIdOrThrow(await getProjectGraph(projectId, tx), ref)]));
}
