// Status rules: what is resolved, open for work, blocked or ready, and how a parent follows its
// subtasks.
import type { TaskStatus } from "@/lib/validation/common";
import { compareRefs } from "../refs";
import { dependentsOf, depsOf, type GraphTask, type ProjectGraph } from "./task-graph";

export const isResolved = (status: TaskStatus) => status === "done" || status === "cancelled";
/**
 * Completion as every screen counts it (the project header, the projects list, the overview):
 * cancelled work is left out of the total, done work is done.
 */
export function tallyCompletion(c: { done: number; total: number }, status: TaskStatus, n = 1): void {
  if (status !== "cancelled") c.total += n;
  if (status === "done") c.done += n;
}

/** Open for work: not done, cancelled or deferred. */
export const isOpenForWork = (status: TaskStatus) => !isResolved(status) && status !== "deferred";

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

/** Parent follows its subtasks: all resolved → done; any started → in progress. */
export function parentStatusFor(current: TaskStatus, subtaskStatuses: TaskStatus[]): TaskStatus {
  if (subtaskStatuses.length === 0 || current === "cancelled") return current;
  if (subtaskStatuses.every(isResolved)) return "done";
  const started = subtaskStatuses.some((s) => s !== "pending" && s !== "deferred");
  if (current === "done") return started ? "in-progress" : "pending";
  if (started && (current === "pending" || current === "deferred")) return "in-progress";
  return current;
}
