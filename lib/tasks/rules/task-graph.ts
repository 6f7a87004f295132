// The in-memory graph of a project's tasks and dependency edges that every rule in this folder
// reads. No database here: services load it through plan-snapshot.ts and ask the rules.
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { compareRefs } from "../refs";

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

/** Shared empty answer for the lookups below (never mutated). */
export const NO_IDS: readonly string[] = Object.freeze([]);

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

export function depsOf(g: ProjectGraph, id: string): readonly string[] {
  return g.deps.get(id) ?? NO_IDS;
}
export function childrenOf(g: ProjectGraph, id: string): readonly string[] {
  return g.children.get(id) ?? NO_IDS;
}
export function dependentsOf(g: ProjectGraph, id: string): readonly string[] {
  return g.dependents.get(id) ?? NO_IDS;
}
