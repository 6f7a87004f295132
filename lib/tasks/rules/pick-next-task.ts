// Which task to work on next, and the reason in words.
import type { TaskPriority } from "@/lib/validation/common";
import { compareRefs } from "../refs";
import { isBlocked, isOpenForWork, isResolved } from "./status";
import { childrenOf, dependentsOf, depsOf, NO_IDS, type GraphTask, type ProjectGraph } from "./task-graph";
import { plural } from "@/lib/plural";

export interface NextTaskResult {
  taskId: string | null;
  reason: string;
}

const PRIORITY_WEIGHT: Record<TaskPriority, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Count of unresolved tasks that transitively wait on `id` (its remaining downstream work). */
function downstreamCount(g: ProjectGraph, id: string, seen: Map<string, number>, stamp: number): number {
  let count = 0;
  const stack = [id];
  seen.set(id, stamp);
  while (stack.length) {
    const cur = stack.pop()!;
    const cur_t = g.tasks.get(cur);
    const ups = dependentsOf(g, cur);
    // Finishing a subtask also moves its parent forward.
    const parent = cur_t?.parentId ? [cur_t.parentId] : NO_IDS;
    for (const list of [ups, parent]) {
      for (const n of list) {
        if (seen.get(n) === stamp) continue;
        seen.set(n, stamp);
        const nt = g.tasks.get(n);
        if (!nt || isResolved(nt.status)) continue;
        count++;
        stack.push(n);
      }
    }
  }
  return count;
}

/**
 * Next task: among open tasks whose prerequisites are resolved, prefer subtasks of in-progress
 * parents, then higher priority, then the task that unblocks the most remaining work, then fewer
 * prerequisites, then the lower number. A task with open subtasks is worked through them.
 */
export function pickNextTask(g: ProjectGraph): NextTaskResult {
  type Candidate = { t: GraphTask; inProgressParent: boolean; prio: number; unblocks: number; prereqs: number };
  const candidates: Candidate[] = [];
  for (const t of g.ordered) {
    if (!isOpenForWork(t.status) || isBlocked(g, t.id)) continue;
    if (childrenOf(g, t.id).some((c) => !isResolved(g.tasks.get(c)!.status))) continue;
    const parent = t.parentId ? g.tasks.get(t.parentId) : undefined;
    if (parent && !isOpenForWork(parent.status)) continue;
    candidates.push({
      t,
      inProgressParent: parent?.status === "in-progress",
      prio: PRIORITY_WEIGHT[t.priority],
      unblocks: -1,
      prereqs: depsOf(g, t.id).length,
    });
  }
  if (candidates.length === 0) {
    const open = g.ordered.filter((t) => isOpenForWork(t.status));
    const reason =
      g.ordered.length === 0
        ? "This project has no tasks yet."
        : open.length === 0
          ? "Every task is done, cancelled or deferred."
          : `All ${open.length} open tasks are waiting on unfinished prerequisites.`;
    return { taskId: null, reason };
  }
  // Downstream counts are the costly key: compute them only for the front-runners.
  candidates.sort((a, b) => Number(b.inProgressParent) - Number(a.inProgressParent) || b.prio - a.prio);
  const lead = candidates[0]!;
  const front = candidates.filter((c) => c.inProgressParent === lead.inProgressParent && c.prio === lead.prio);
  const seen = new Map<string, number>();
  front.forEach((c, i) => (c.unblocks = downstreamCount(g, c.t.id, seen, i + 1)));
  front.sort((a, b) => b.unblocks - a.unblocks || a.prereqs - b.prereqs || compareRefs(a.t, b.t));
  const best = front[0]!;
  const runnerUp = front[1] ?? candidates.find((c) => !front.includes(c));

  const facts: string[] = [];
  if (best.inProgressParent) facts.push(`it is a subtask of #${g.tasks.get(best.t.parentId!)!.ref}, which is in progress`);
  facts.push(`${best.t.priority} priority`);
  facts.push(best.unblocks === 0 ? "nothing else waits on it" : `finishing it moves ${plural(best.unblocks, "remaining task")} forward`);
  facts.push(
    best.prereqs === 0 ? "it has no prerequisites" : `all ${best.prereqs} prerequisite${best.prereqs === 1 ? " is" : "s are"} resolved`,
  );
  let decided = "";
  if (runnerUp) {
    const r = runnerUp;
    if (best.inProgressParent !== r.inProgressParent) decided = "it continues work already in progress";
    else if (best.prio !== r.prio) decided = `its priority is higher than #${r.t.ref}'s`;
    else if (best.unblocks !== r.unblocks) decided = `it unblocks more than #${r.t.ref}`;
    else if (best.prereqs !== r.prereqs) decided = `it has fewer prerequisites than #${r.t.ref}`;
    else decided = `it comes before #${r.t.ref} in the plan`;
  }
  const count = candidates.length;
  const reason =
    `#${best.t.ref} is ready: ${facts.join("; ")}.` +
    (decided ? ` Chosen over ${plural(count - 1, "other ready task")} because ${decided}.` : " It is the only ready task.");
  return { taskId: best.t.id, reason };
}
