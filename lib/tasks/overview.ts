import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { TASK_STATUSES, type TaskPriority, type TaskStatus } from "@/lib/validation/common";
import type { Completion, ProjectOverviewDto, TaskLink } from "./types";
import { pickNextTask } from "./rules/pick-next-task";
import { blockingTasks, isResolved, openWork, tallyCompletion } from "./rules/status";
import { dependentsOf, type GraphTask, type ProjectGraph } from "./rules/task-graph";
import { topologicalOrder } from "./rules/topological-order";
import { memoByRevision } from "./plan-snapshot";
import { compareRefs, formatRef } from "./refs";

export const LIST_LIMIT = 20;
export const MOST_DEPENDED_LIMIT = 5;

export async function getProjectOverview(actor: Actor, projectId: string): Promise<ProjectOverviewDto> {
  await authorizeProject(actor, projectId, "viewer");
  // The next task shares its memo with getNextTask, so the tasks page and this page agree and
  // a revision's pick is computed once.
  const [rest, pick] = await Promise.all([
    memoByRevision(projectId, "overview", computeOverview),
    memoByRevision(projectId, "next", pickNextTask),
  ]);
  const task = pick.taskId ? await nextTaskSummary(pick.taskId) : null;
  return {
    ...rest,
    next:
      pick.taskId && !task ? { task: null, reason: "The plan just changed; reload to see the next task." } : { task, reason: pick.reason },
  };
}

/**
 * The version is read fresh rather than memoised: the Start button sends it back as the
 * optimistic lock, so it must be the row's current one.
 */
async function nextTaskSummary(taskId: string): Promise<ProjectOverviewDto["next"]["task"]> {
  const row = await db.task.findUnique({
    where: { id: taskId },
    select: { number: true, subNumber: true, title: true, status: true, priority: true, version: true },
  });
  if (!row) return null;
  return {
    ref: formatRef(row.number, row.subNumber),
    title: row.title,
    status: row.status as TaskStatus,
    priority: row.priority as TaskPriority,
    version: row.version,
  };
}

const percentOf = (done: number, total: number) => (total === 0 ? 0 : Math.floor((done / total) * 100));

export function computeOverview(g: ProjectGraph): Omit<ProjectOverviewDto, "next"> {
  const link = (t: GraphTask): TaskLink => ({ ref: t.ref, title: t.title, status: t.status });
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const tally = { tasks: { done: 0, total: 0 }, subtasks: { done: 0, total: 0 } };
  for (const t of g.ordered) {
    if (!t.parentId) counts[t.status]++;
    tallyCompletion(t.parentId ? tally.subtasks : tally.tasks, t.status);
  }
  const work = openWork(g);

  const finish = (c: { done: number; total: number }): Completion => ({ ...c, percent: percentOf(c.done, c.total) });
  return {
    completion: { tasks: finish(tally.tasks), subtasks: finish(tally.subtasks) },
    counts,
    ready: work.ready.slice(0, LIST_LIMIT).map((t) => ({ ref: t.ref, title: t.title, status: t.status, priority: t.priority })),
    readyTotal: work.ready.length,
    blocked: work.blocked.slice(0, LIST_LIMIT).map((t) => ({ ...link(t), blockedBy: blockingTasks(g, t.id).map(link) })),
    blockedTotal: work.blocked.length,
    mostDependedOn: mostDependedOn(g, MOST_DEPENDED_LIMIT).map(({ t, dependents }) => ({ ...link(t), dependents })),
    cancelledPrerequisites: work.cancelledPrerequisites.map(({ task, dependents }) => ({
      ref: task.ref,
      title: task.title,
      dependents: dependents.map((d) => d.ref),
    })),
  };
}

// Reachability is counted with bitsets in blocks of this many target tasks, so memory stays
// at about (open tasks × BLOCK / 8) bytes however large the project grows.
const BLOCK = 4096;

/**
 * Counts, for every unresolved task, the unresolved tasks that transitively wait on it: its
 * explicit dependents, and its parent (a parent finishes only with its subtasks). Resolved
 * tasks are neither counted nor passed through, the same walk the next-task reason uses for
 * "moves N remaining tasks forward", so the two figures agree. A per-task search would be
 * quadratic on a 10,000-task plan; unions of bitsets in topological order stay in milliseconds.
 */
function mostDependedOn(g: ProjectGraph, limit: number): { t: GraphTask; dependents: number }[] {
  const nodes = g.ordered.filter((t) => !isResolved(t.status));
  const index = new Map(nodes.map((t, i) => [t.id, i]));
  const n = nodes.length;
  // waiters[i]: the open tasks that wait directly on nodes[i].
  const waiters: number[][] = nodes.map((t) => {
    const out: number[] = [];
    for (const d of dependentsOf(g, t.id)) {
      const j = index.get(d);
      if (j !== undefined) out.push(j);
    }
    const p = t.parentId ? index.get(t.parentId) : undefined;
    if (p !== undefined && !out.includes(p)) out.push(p);
    return out;
  });

  // Kahn's order over "waits on" edges, walked backwards so each task's waiters come first.
  // A corrupt database may hold a cycle: its members are appended so counting still ends.
  const order = topologicalOrder(waiters);
  if (order.length < n) {
    const placed = new Set(order);
    for (let i = 0; i < n; i++) if (!placed.has(i)) order.push(i);
  }

  const counts = new Int32Array(n);
  for (let start = 0; start < n; start += BLOCK) {
    const width = Math.min(BLOCK, n - start);
    const words = (width + 31) >>> 5;
    const bits = new Uint32Array(n * words);
    for (let k = n - 1; k >= 0; k--) {
      const i = order[k]!;
      if (waiters[i]!.length === 0) continue;
      const row = i * words;
      for (const j of waiters[i]!) {
        const other = j * words;
        for (let w = 0; w < words; w++) bits[row + w]! |= bits[other + w]!;
        const b = j - start;
        if (b >= 0 && b < width) bits[row + (b >>> 5)]! |= 1 << (b & 31);
      }
      let c = 0;
      for (let w = 0; w < words; w++) c += popcount(bits[row + w]!);
      // Only possible on a cycle, where a task would otherwise count itself.
      const self = i - start;
      if (self >= 0 && self < width && bits[row + (self >>> 5)]! & (1 << (self & 31))) c--;
      counts[i]! += c;
    }
  }

  const ranked: { t: GraphTask; dependents: number }[] = [];
  for (let i = 0; i < n; i++) if (counts[i]! > 0) ranked.push({ t: nodes[i]!, dependents: counts[i]! });
  return ranked.sort((a, b) => b.dependents - a.dependents || compareRefs(a.t, b.t)).slice(0, limit);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
