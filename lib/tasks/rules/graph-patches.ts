// In-place mutations, applied to the cached graph after a write commits (plan-snapshot.ts).
import { compareRefs } from "../refs";
import type { GraphTask, ProjectGraph } from "./task-graph";

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

export function updateTaskNode(
  g: ProjectGraph,
  id: string,
  fields: Partial<Omit<GraphTask, "id" | "ref" | "number" | "subNumber" | "parentId">>,
): void {
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
