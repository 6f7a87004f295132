// Soundness of dependency edges: no self-dependency, no duplicate, no cycle (the implicit
// parent → subtask edge included), for a new edge, a new task, or a whole stored graph.
import { compareRefs } from "../refs";
import { buildGraph, childrenOf, depsOf, NO_IDS, type ProjectGraph } from "./task-graph";

/**
 * "Depends on" successors including the implicit edge parent → subtask (a parent is finished
 * only when its subtasks are), so a subtask depending on its own parent is a cycle.
 */
function successors(g: ProjectGraph, id: string): Iterable<string> {
  const d = depsOf(g, id);
  const c = childrenOf(g, id);
  return c.length === 0 ? d : d.length === 0 ? c : [...d, ...c];
}

/** Path from `from` to `to` following depends-on edges, or null. */
function findPath(g: ProjectGraph, from: string, to: string): string[] | null {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i]!;
    if (cur === to) {
      const path: string[] = [];
      for (let x: string | null = cur; x !== null; x = prev.get(x) ?? null) path.push(x);
      return path.reverse();
    }
    for (const next of successors(g, cur)) {
      if (!prev.has(next)) {
        prev.set(next, cur);
        queue.push(next);
      }
    }
  }
  return null;
}

export type EdgeProblem =
  | { kind: "self"; message: string }
  | { kind: "missing"; message: string }
  | { kind: "duplicate"; message: string }
  | { kind: "cycle"; message: string; cycle: string[] };

export const formatCycle = (refs: string[]) => refs.map((r) => `#${r}`).join(" → ");

/** Would adding "task depends on prerequisite" keep the graph sound? */
export function checkNewEdge(g: ProjectGraph, taskId: string, prerequisiteId: string): EdgeProblem | null {
  const t = g.tasks.get(taskId);
  const p = g.tasks.get(prerequisiteId);
  if (!t || !p) return { kind: "missing", message: "Task not found in this project" };
  if (taskId === prerequisiteId) return { kind: "self", message: `#${t.ref} cannot depend on itself` };
  if (depsOf(g, taskId).includes(prerequisiteId)) {
    return { kind: "duplicate", message: `#${t.ref} already depends on #${p.ref}` };
  }
  const path = findPath(g, prerequisiteId, taskId);
  if (path) {
    const cycle = [t.ref, ...path.map((id) => g.tasks.get(id)!.ref)];
    return { kind: "cycle", message: `That would create a cycle: ${formatCycle(cycle)}`, cycle };
  }
  return null;
}

export interface DependencyIssue {
  kind: "self" | "missing" | "cycle";
  taskId: string;
  dependsOnId: string;
  taskRef: string;
  dependsOnRef: string;
  message: string;
}

/**
 * Task Master's validate-dependencies over explicit edges (given separately, since a corrupt
 * database may hold edges to ids the graph does not know). For each cycle, the edge that
 * closes it is reported, so removing the reported edges leaves the graph acyclic.
 */
export function findDependencyIssues(g: ProjectGraph, edges: { taskId: string; dependsOnId: string }[]): DependencyIssue[] {
  const issues: DependencyIssue[] = [];
  const refOf = (id: string) => g.tasks.get(id)?.ref ?? `?${id.slice(0, 8)}`;
  const sound: { taskId: string; dependsOnId: string }[] = [];
  for (const e of edges) {
    if (e.taskId === e.dependsOnId) {
      issues.push({
        kind: "self",
        ...e,
        taskRef: refOf(e.taskId),
        dependsOnRef: refOf(e.taskId),
        message: `#${refOf(e.taskId)} depends on itself`,
      });
    } else if (!g.tasks.has(e.taskId) || !g.tasks.has(e.dependsOnId)) {
      issues.push({
        kind: "missing",
        ...e,
        taskRef: refOf(e.taskId),
        dependsOnRef: refOf(e.dependsOnId),
        message: `#${refOf(e.taskId)} depends on a task that does not exist`,
      });
    } else sound.push(e);
  }
  // Only edges inside a strongly connected component can lie on a cycle. Everything else goes
  // straight into an acyclic base graph; the few candidates are re-added one by one in plan
  // order, and any that would close a cycle is reported. O(V+E) for a sound graph.
  const component = stronglyConnected(g, sound);
  const base: typeof sound = [];
  const candidates: typeof sound = [];
  for (const e of sound) (component.get(e.taskId) === component.get(e.dependsOnId) ? candidates : base).push(e);
  const clean = buildGraph([...g.tasks.values()], base);
  candidates.sort(
    (a, b) =>
      compareRefs(g.tasks.get(a.taskId)!, g.tasks.get(b.taskId)!) || compareRefs(g.tasks.get(a.dependsOnId)!, g.tasks.get(b.dependsOnId)!),
  );
  for (const e of candidates) {
    const problem = checkNewEdge(clean, e.taskId, e.dependsOnId);
    if (problem?.kind === "cycle") {
      issues.push({ kind: "cycle", ...e, taskRef: refOf(e.taskId), dependsOnRef: refOf(e.dependsOnId), message: problem.message });
    } else if (!problem) {
      (clean.deps.get(e.taskId) ?? clean.deps.set(e.taskId, []).get(e.taskId)!).push(e.dependsOnId);
      (clean.dependents.get(e.dependsOnId) ?? clean.dependents.set(e.dependsOnId, []).get(e.dependsOnId)!).push(e.taskId);
    }
  }
  // Plan order, so reports read top to bottom whatever order the edges came in.
  const pos = (id: string) => g.tasks.get(id) ?? { number: Number.MAX_SAFE_INTEGER, subNumber: 0 };
  return issues.sort((a, b) => compareRefs(pos(a.taskId), pos(b.taskId)) || compareRefs(pos(a.dependsOnId), pos(b.dependsOnId)));
}

/**
 * Tarjan's strongly connected components (iterative, so deep chains cannot overflow the stack)
 * over the given explicit edges plus the implicit parent → subtask edges. Returns a component
 * number per task; tasks on a common cycle share one.
 */
function stronglyConnected(g: ProjectGraph, edges: { taskId: string; dependsOnId: string }[]): Map<string, number> {
  const succ = new Map<string, string[]>();
  for (const e of edges) (succ.get(e.taskId) ?? succ.set(e.taskId, []).get(e.taskId)!).push(e.dependsOnId);
  for (const [parent, kids] of g.children) (succ.get(parent) ?? succ.set(parent, []).get(parent)!).push(...kids);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let comp = 0;
  for (const root of g.tasks.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const next = succ.get(frame.id) ?? NO_IDS;
      if (frame.i < next.length) {
        const w = next[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.set(w, comp);
        } while (w !== frame.id);
        comp++;
      }
    }
  }
  return component;
}

/**
 * For a task about to be created (no dependents yet) under `parentId`: would depending on
 * `depIds` close a cycle through the implicit parent → subtask edge?
 */
export function checkNewTaskDeps(g: ProjectGraph, parentId: string | null, depIds: string[], newRef: string): EdgeProblem | null {
  if (!parentId) return null;
  const parentRef = g.tasks.get(parentId)!.ref;
  for (const d of depIds) {
    const path = d === parentId ? [parentId] : findPath(g, d, parentId);
    if (path) {
      const cycle = [newRef, ...path.map((id) => g.tasks.get(id)!.ref), newRef];
      return {
        kind: "cycle",
        message: `That would create a cycle: ${formatCycle(cycle)} (#${parentRef} is finished only when its subtasks are)`,
        cycle,
      };
    }
  }
  return null;
}
