// Pure graph rules over a project's tasks and dependency edges. No database here: the
// services load a ProjectGraph (project-graph.ts) and ask these functions.
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { compareRefs } from "./refs";

export interface GraphTask {
  id: string;
  ref: string;
  number: number;
  subNumber: number;
  parentId: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  title: string;
  /** Lower-cased title + description, for text filters. */
  search: string;
  labels: string[];
  assignee: string | null;
  complexity: number | null;
}

export interface ProjectGraph {
  tasks: Map<string, GraphTask>;
  byRef: Map<string, string>;
  /** task id → prerequisite ids (explicit edges). */
  deps: Map<string, string[]>;
  /** prerequisite id → dependent ids. */
  dependents: Map<string, string[]>;
  /** parent id → subtask ids, by sub number. */
  children: Map<string, string[]>;
  /** Every task by number then sub number. */
  ordered: GraphTask[];
}

const EMPTY: readonly string[] = Object.freeze([]);

export function buildGraph(tasks: GraphTask[], edges: { taskId: string; dependsOnId: string }[]): ProjectGraph {
  const ordered = [...tasks].sort(compareRefs);
  const map = new Map<string, GraphTask>();
  const byRef = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const t of ordered) {
    map.set(t.id, t);
    byRef.set(t.ref, t.id);
    if (t.parentId) {
      const list = children.get(t.parentId);
      if (list) list.push(t.id);
      else children.set(t.parentId, [t.id]);
    }
  }
  const deps = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const e of edges) {
    (deps.get(e.taskId) ?? deps.set(e.taskId, []).get(e.taskId)!).push(e.dependsOnId);
    (dependents.get(e.dependsOnId) ?? dependents.set(e.dependsOnId, []).get(e.dependsOnId)!).push(e.taskId);
  }
  return { tasks: map, byRef, deps, dependents, children, ordered };
}

// In-place mutations, applied to the cached graph after a write commits (project-graph.ts).

function insertSorted(list: string[], id: string, g: ProjectGraph) {
  const t = g.tasks.get(id)!;
  let i = list.length;
  while (i > 0 && compareRefs(g.tasks.get(list[i - 1]!)!, t) > 0) i--;
  list.splice(i, 0, id);
}

export function addTaskNode(g: ProjectGraph, t: GraphTask): void {
  g.tasks.set(t.id, t);
  g.byRef.set(t.ref, t.id);
  if (t.parentId) insertSorted(g.children.get(t.parentId) ?? g.children.set(t.parentId, []).get(t.parentId)!, t.id, g);
  let lo = 0;
  let hi = g.ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRefs(g.ordered[mid]!, t) < 0) lo = mid + 1;
    else hi = mid;
  }
  g.ordered.splice(lo, 0, t);
}

export function updateTaskNode(g: ProjectGraph, id: string, fields: Partial<Omit<GraphTask, "id" | "ref" | "number" | "subNumber" | "parentId">>): void {
  const t = g.tasks.get(id);
  if (t) Object.assign(t, fields);
}

export function setTaskDeps(g: ProjectGraph, id: string, depIds: string[]): void {
  for (const d of g.deps.get(id) ?? []) {
    const list = g.dependents.get(d)?.filter((x) => x !== id);
    if (list?.length) g.dependents.set(d, list);
    else g.dependents.delete(d);
  }
  if (depIds.length) g.deps.set(id, [...depIds]);
  else g.deps.delete(id);
  for (const d of depIds) (g.dependents.get(d) ?? g.dependents.set(d, []).get(d)!).push(id);
}

export function removeTaskNodes(g: ProjectGraph, ids: string[]): void {
  const gone = new Set(ids);
  for (const id of ids) {
    setTaskDeps(g, id, []);
    for (const dependent of g.dependents.get(id) ?? []) {
      if (gone.has(dependent)) continue;
      const rest = (g.deps.get(dependent) ?? []).filter((d) => d !== id);
      setTaskDeps(g, dependent, rest);
    }
    g.dependents.delete(id);
    const t = g.tasks.get(id);
    if (t?.parentId && !gone.has(t.parentId)) {
      const siblings = g.children.get(t.parentId)?.filter((c) => c !== id) ?? [];
      if (siblings.length) g.children.set(t.parentId, siblings);
      else g.children.delete(t.parentId);
    }
    g.children.delete(id);
    if (t) g.byRef.delete(t.ref);
    g.tasks.delete(id);
  }
  g.ordered = g.ordered.filter((t) => !gone.has(t.id));
}

export const isResolved = (status: TaskStatus) => status === "done" || status === "cancelled";
/** Open for work: not done, cancelled or deferred. */
export const isOpenForWork = (status: TaskStatus) => !isResolved(status) && status !== "deferred";

export function depsOf(g: ProjectGraph, id: string): readonly string[] {
  return g.deps.get(id) ?? EMPTY;
}
export function childrenOf(g: ProjectGraph, id: string): readonly string[] {
  return g.children.get(id) ?? EMPTY;
}
export function dependentsOf(g: ProjectGraph, id: string): readonly string[] {
  return g.dependents.get(id) ?? EMPTY;
}

/**
 * Unresolved prerequisites that block a task. A subtask also waits for whatever blocks its
 * parent: the parent's work cannot start, so neither can its parts.
 */
export function blockersOf(g: ProjectGraph, id: string): string[] {
  const out: string[] = [];
  const t = g.tasks.get(id);
  for (const d of depsOf(g, id)) {
    const dt = g.tasks.get(d);
    if (dt && !isResolved(dt.status)) out.push(d);
  }
  if (t?.parentId) {
    for (const d of depsOf(g, t.parentId)) {
      const dt = g.tasks.get(d);
      if (dt && !isResolved(dt.status) && d !== id && !out.includes(d)) out.push(d);
    }
  }
  return out;
}

export function isBlocked(g: ProjectGraph, id: string): boolean {
  return blockersOf(g, id).length > 0;
}

/** Ready: open for work and nothing unresolved in the way. */
export function isReady(g: ProjectGraph, id: string): boolean {
  const t = g.tasks.get(id);
  return !!t && isOpenForWork(t.status) && !isBlocked(g, id);
}

/** Prerequisites blocking a task (see blockersOf), as tasks in plan order. */
export function blockingTasks(g: ProjectGraph, id: string): GraphTask[] {
  return blockersOf(g, id)
    .map((bid) => g.tasks.get(bid)!)
    .sort(compareRefs);
}

export interface OpenWork {
  /** Open for work with nothing unresolved in the way, in plan order. */
  ready: GraphTask[];
  /** Open for work but waiting on an unresolved prerequisite (its own or its parent's), in plan order. */
  blocked: GraphTask[];
  /** Cancelled tasks that unresolved work still lists as a prerequisite, with that work in plan order. */
  cancelledPrerequisites: { task: GraphTask; dependents: GraphTask[] }[];
}

/**
 * The open-work partition the overview, the graph and the reports share: ready and blocked split
 * the open work between them (deferred work is in neither), and a cancelled prerequisite is
 * resolved but worth a look while unresolved work still names it.
 */
export function openWork(g: ProjectGraph): OpenWork {
  const out: OpenWork = { ready: [], blocked: [], cancelledPrerequisites: [] };
  for (const t of g.ordered) {
    if (isReady(g, t.id)) out.ready.push(t);
    else if (isOpenForWork(t.status)) out.blocked.push(t);
    if (t.status === "cancelled") {
      const waiting = dependentsOf(g, t.id)
        .map((id) => g.tasks.get(id))
        .filter((d): d is GraphTask => !!d && !isResolved(d.status))
        .sort(compareRefs);
      if (waiting.length) out.cancelledPrerequisites.push({ task: t, dependents: waiting });
    }
  }
  return out;
}

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
    const parent = cur_t?.parentId ? [cur_t.parentId] : EMPTY;
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
  facts.push(
    best.unblocks === 0
      ? "nothing else waits on it"
      : `finishing it moves ${best.unblocks} remaining task${best.unblocks === 1 ? "" : "s"} forward`,
  );
  facts.push(
    best.prereqs === 0
      ? "it has no prerequisites"
      : `all ${best.prereqs} prerequisite${best.prereqs === 1 ? " is" : "s are"} resolved`,
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
    (decided ? ` Chosen over ${count - 1} other ready task${count - 1 === 1 ? "" : "s"} because ${decided}.` : " It is the only ready task.");
  return { taskId: best.t.id, reason };
}

/**
 * What a task weighs on the critical path: its complexity score (1–10) when it has one, else 1.
 * An unscored task counts as the smallest unit of work rather than a guessed average, so the
 * path is a plain task count until scores arrive and scoring a task can only make it heavier.
 */
export function pathWeight(t: GraphTask): number {
  return t.complexity !== null && t.complexity > 0 ? t.complexity : 1;
}

/**
 * Kahn's topological order of nodes 0..n-1 given each node's successors. Nodes on a cycle (and
 * everything behind one) are missing from the result.
 */
export function topologicalOrder(next: readonly (readonly number[])[]): number[] {
  const indegree = new Int32Array(next.length);
  for (const js of next) for (const j of js) indegree[j]!++;
  const order: number[] = [];
  for (let i = 0; i < next.length; i++) if (indegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const j of next[order[k]!]!) if (--indegree[j]! === 0) order.push(j);
  }
  return order;
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
export function findDependencyIssues(
  g: ProjectGraph,
  edges: { taskId: string; dependsOnId: string }[],
): DependencyIssue[] {
  const issues: DependencyIssue[] = [];
  const refOf = (id: string) => g.tasks.get(id)?.ref ?? `?${id.slice(0, 8)}`;
  const sound: { taskId: string; dependsOnId: string }[] = [];
  for (const e of edges) {
    if (e.taskId === e.dependsOnId) {
      issues.push({ kind: "self", ...e, taskRef: refOf(e.taskId), dependsOnRef: refOf(e.taskId), message: `#${refOf(e.taskId)} depends on itself` });
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
  candidates.sort((a, b) => compareRefs(g.tasks.get(a.taskId)!, g.tasks.get(b.taskId)!) || compareRefs(g.tasks.get(a.dependsOnId)!, g.tasks.get(b.dependsOnId)!));
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
      const next = succ.get(frame.id) ?? EMPTY;
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

/** Parent follows its subtasks: all resolved → done; any started → in progress. */
export function parentStatusFor(current: TaskStatus, subtaskStatuses: TaskStatus[]): TaskStatus {
  if (subtaskStatuses.length === 0 || current === "cancelled") return current;
  if (subtaskStatuses.every(isResolved)) return "done";
  const started = subtaskStatuses.some((s) => s !== "pending" && s !== "deferred");
  if (current === "done") return started ? "in-progress" : "pending";
  if (started && (current === "pending" || current === "deferred")) return "in-progress";
  return current;
}

/**
 * For a task about to be created (no dependents yet) under `parentId`: would depending on
 * `depIds` close a cycle through the implicit parent → subtask edge?
 */
export function checkNewTaskDeps(
  g: ProjectGraph,
  parentId: string | null,
  depIds: string[],
  newRef: string,
): EdgeProblem | null {
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
