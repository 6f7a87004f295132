import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordEvents, type EventInput } from "./events";
import type { TaskLink } from "./dto";
import { childrenOf, dependentsOf, removeTaskNodes } from "./graph";
import { bumpRevision, getProjectGraph } from "./project-graph";
import { taskIdOrThrow } from "./resolve";
import { syncParentStatus } from "./write-task";

export interface DeleteTaskResult {
  /** The task and its subtasks, by ref. */
  deleted: string[];
  /** Tasks that depended on a deleted task and lost that prerequisite. */
  lostPrerequisite: TaskLink[];
}

/** Deletes a task and its subtasks, removing their dependency edges, and says who lost a prerequisite. */
export async function deleteTask(actor: Actor, projectId: string, rawRef: unknown): Promise<DeleteTaskResult> {
  const ref = parseInput(taskRef, rawRef);
  await authorizeProject(actor, projectId, "editor");
  return inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const task = g.tasks.get(taskId)!;
    const ids = [taskId, ...childrenOf(g, taskId)];
    const gone = new Set(ids);
    const lost = new Map<string, TaskLink>();
    for (const id of ids) {
      for (const d of dependentsOf(g, id)) {
        if (gone.has(d)) continue;
        const t = g.tasks.get(d)!;
        lost.set(d, { ref: t.ref, title: t.title, status: t.status });
      }
    }
    const events: EventInput[] = ids.map((id) => {
      const t = g.tasks.get(id)!;
      return { projectId, taskId: id, taskRef: t.ref, actorId: actor.userId, kind: "deleted", oldValue: { title: t.title, status: t.status } };
    });
    for (const [d, link] of lost) {
      const removed = ids.filter((id) => g.deps.get(d)?.includes(id)).map((id) => g.tasks.get(id)!.ref);
      for (const r of removed) {
        events.push({ projectId, taskId: d, taskRef: link.ref, actorId: actor.userId, kind: "dependency_removed", field: "dependencies", oldValue: r });
      }
    }
    // Cascades remove subtasks, notes and every edge touching the deleted tasks.
    await tx.task.delete({ where: { id: taskId } });
    if (lost.size) await tx.task.updateMany({ where: { id: { in: [...lost.keys()] } }, data: { version: { increment: 1 } } });
    await recordEvents(tx, events);
    await bumpRevision(projectId, tx, (graph) => removeTaskNodes(graph, ids));
    if (task.parentId) await syncParentStatus(tx, { projectId, actorId: actor.userId }, task.parentId);
    return { deleted: ids.map((id) => g.tasks.get(id)!.ref), lostPrerequisite: [...lost.values()] };
  });
}
