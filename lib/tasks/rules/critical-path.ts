// The critical path: the heaviest chain of unresolved work.
import { isResolved } from "./status";
import { dependentsOf, type GraphTask, type ProjectGraph } from "./task-graph";
import { topologicalOrder } from "./topological-order";

/**
 * What a task weighs on the critical path: its complexity score (1–10) when it has one, else 1.
 * An unscored task counts as the smallest unit of work rather than a guessed average, so the
 * path is a plain task count until scores arrive and scoring a task can only make it heavier.
 */
export function pathWeight(t: GraphTask): number {
  return t.complexity !== null && t.complexity > 0 ? t.complexity : 1;
}

/**
 * The critical path: the heaviest chain of unresolved work, as task ids from the first
 * prerequisite to the last dependent. Nodes are the tasks and subtasks that are not done or
 * cancelled (deferred work still has to happen); edges are the explicit dependencies between
 * them. The implicit parent → subtask relation is not an edge here: a parent's score already
 * covers its subtasks, and every step of the path stays an arrow the graph page draws.
 *
 * O(V+E): Kahn's topological order, then the heaviest chain starting at each task, from the last
 * task in that order backwards. Ties go to the task earlier in plan order, first for the start
 * and then at every step, so among equally heavy chains the answer is the one that reads first.
 * Tasks on a cycle (only possible in a corrupt database) and everything behind one are left out.
 */
export function criticalPath(g: ProjectGraph): string[] {
  const nodes = g.ordered.filter((t) => !isResolved(t.status));
  const n = nodes.length;
  const index = new Map(nodes.map((t, i) => [t.id, i]));
  const next: number[][] = nodes.map((t) => {
    const out: number[] = [];
    for (const d of dependentsOf(g, t.id)) {
      const j = index.get(d);
      if (j !== undefined) out.push(j);
    }
    return out.sort((a, b) => a - b);
  });

  const order = topologicalOrder(next);

  // heaviest[i]: weight of the heaviest chain that starts at i; via[i]: its second task.
  const heaviest = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    let best = 0;
    // Successors come in plan order and only a strictly heavier chain wins: ties keep the earlier.
    for (const j of next[i]!) {
      if (heaviest[j]! > best) {
        best = heaviest[j]!;
        via[i] = j;
      }
    }
    heaviest[i] = pathWeight(nodes[i]!) + best;
  }

  let start = -1;
  for (let i = 0; i < n; i++) if (heaviest[i]! > (start < 0 ? 0 : heaviest[start]!)) start = i;
  const path: string[] = [];
  for (let i = start; i >= 0; i = via[i]!) path.push(nodes[i]!.id);
  return path;
}
