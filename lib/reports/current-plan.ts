// Today's plan for the report: in progress, blocked, next up and risks, by the overview's rules.
import { blockersOf, dependentsOf, isReady, isResolved, pickNextTask, type GraphTask, type ProjectGraph } from "@/lib/tasks/graph";
import { compareRefs } from "@/lib/tasks/refs";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { capped, compareRefStrings } from "./lists";
import type { ReportStats, ReportTask } from "./stats";

const DAY_MS = 86_400_000;

const isOpenForWork = (s: TaskStatus) => !isResolved(s) && s !== "deferred";

/** In progress, blocked, next up and risks: today's plan, the same rules as the overview. */
export function currentPlan(
  g: ProjectGraph,
  sinceOf: Map<string, number | null>,
  now: number,
  o: { staleDays: number; threshold: number; listLimit: number; readyLimit: number },
): Pick<ReportStats, "inProgress" | "blocked" | "next" | "ready" | "risks"> {
  const link = (t: GraphTask): ReportTask => ({ ref: t.ref, title: t.title, status: t.status });
  const inProgress: (ReportTask & { since: string | null })[] = [];
  const blocked: (ReportTask & { blockedBy: ReportTask[] })[] = [];
  const ready: (ReportTask & { priority: TaskPriority })[] = [];
  const complex: (GraphTask & { complexity: number })[] = [];
  const stale: (ReportTask & { since: string; days: number; at: number })[] = [];
  const cancelled: { ref: string; title: string; dependents: ReportTask[] }[] = [];

  for (const t of g.ordered) {
    const since = sinceOf.get(t.id) ?? null;
    if (t.status === "in-progress" || t.status === "review") {
      inProgress.push({ ...link(t), since: since === null ? null : new Date(since).toISOString() });
    }
    // Whole days, so the figure shown and the rule agree ("7 days or more" never lists 6.9).
    const days = since === null ? 0 : Math.floor((now - since) / DAY_MS);
    if (t.status === "in-progress" && since !== null && days >= o.staleDays) {
      stale.push({ ...link(t), since: new Date(since).toISOString(), days, at: since });
    }
    if (isReady(g, t.id)) ready.push({ ...link(t), priority: t.priority });
    else if (isOpenForWork(t.status)) {
      const by = blockersOf(g, t.id).map((id) => g.tasks.get(id)!).sort(compareRefs);
      blocked.push({ ...link(t), blockedBy: by.map(link) });
    }
    if (t.status === "pending" && t.complexity !== null && t.complexity >= o.threshold) complex.push(t as GraphTask & { complexity: number });
    if (t.status === "cancelled") {
      const waiting = dependentsOf(g, t.id)
        .map((id) => g.tasks.get(id))
        .filter((d): d is GraphTask => !!d && !isResolved(d.status))
        .sort(compareRefs);
      if (waiting.length) cancelled.push({ ref: t.ref, title: t.title, dependents: waiting.map(link) });
    }
  }
  complex.sort((a, b) => b.complexity - a.complexity || compareRefs(a, b));
  stale.sort((a, b) => a.at - b.at || compareRefStrings(a.ref, b.ref));

  const pick = pickNextTask(g);
  const nt = pick.taskId ? g.tasks.get(pick.taskId) : undefined;
  return {
    inProgress: capped(inProgress, o.listLimit),
    blocked: capped(blocked, o.listLimit),
    next: { task: nt ? { ...link(nt), priority: nt.priority } : null, reason: pick.reason },
    ready: capped(ready, o.readyLimit),
    risks: {
      complexityThreshold: o.threshold,
      staleDays: o.staleDays,
      complex: capped(complex.map((t) => ({ ...link(t), complexity: t.complexity })), o.listLimit),
      stale: capped(stale.map(({ at: _at, ...s }) => s), o.listLimit),
      cancelledPrerequisites: capped(cancelled, o.listLimit),
    },
  };
}
