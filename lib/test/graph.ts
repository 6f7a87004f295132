// Pure graph fixtures for tests of the graph rules (lib/tasks/rules/) and their readers: tasks from compact specs.
import { buildGraph, type GraphTask, type ProjectGraph } from "@/lib/tasks/rules/task-graph";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";

export interface TaskSpec {
  ref: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  complexity?: number;
  title?: string;
  /** Refs of prerequisites. */
  deps?: string[];
}

/** Ids are `id-<ref>`; a subtask's parent is the task with its number. */
export const specId = (ref: string) => `id-${ref}`;

export function specTask(s: TaskSpec): GraphTask {
  const [n, sub] = s.ref.split(".");
  const title = s.title ?? `Task ${s.ref}`;
  return {
    id: specId(s.ref),
    ref: s.ref,
    number: Number(n),
    subNumber: sub ? Number(sub) : 0,
    parentId: sub ? specId(n!) : null,
    status: s.status ?? "pending",
    priority: s.priority ?? "medium",
    title,
    search: title.toLowerCase(),
    labels: [],
    assignee: null,
    complexity: s.complexity ?? null,
  };
}

export function specEdges(specs: TaskSpec[]) {
  return specs.flatMap((s) => (s.deps ?? []).map((d) => ({ taskId: specId(s.ref), dependsOnId: specId(d) })));
}

/** The graph of the specs; `reverseEdges` stores the edges in reverse order. */
export function specGraph(specs: TaskSpec[], opts: { reverseEdges?: boolean } = {}): ProjectGraph {
  const edges = specEdges(specs);
  return buildGraph(specs.map(specTask), opts.reverseEdges ? edges.reverse() : edges);
}
