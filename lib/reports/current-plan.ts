// Today's plan for the report: in progress, blocked, next up and risks, by the overview's rules.
import { pickNextTask } from "@/lib/tasks/rules/pick-next-task";
import { blockingTasks, openWork } from "@/lib/tasks/rules/status";
import type { GraphTask, ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { compareRefs } from "@/lib/tasks/refs";
import { capped } from "./lists";
import type { ReportStats, ReportTask } from "./types";

const DAY_MS = 86_400_000;

/** In progress, blocked, next up and risks: today's plan, the same rules as the overview. */
export function currentPlan(
  g: ProjectGraph,
  sinceOf: Map<string, number | null>,
  now: number,
  o: { staleDays: number; threshold: number; listLimit: number; readyLimit: number },
): Pick<ReportStats, "inProgress" | "blocked" | "next" | "ready" | "risks"> {
  const link = (t: GraphTask): ReportTask => ({ ref: t.ref, title: t.title, status: t.status });
  const inProgress: (ReportTask & { since: string | null })[] = [];
  const complex: (GraphTask & { complexity: number })[] = [];
  const stale: (ReportTask & { since: string; days: number; at: number; task: GraphTask })[] = [];

  for (const t of g.ordered) {
    const since = sinceOf.get(t.id) ?? null;
    if (t.status === "in-progress" || t.status === "review") {
      inProgress.push({ ...link(t), since: since === null ? null : new Date(since).toISOString() });
    }
    // Whole days, so the figure shown and the rule agree ("7 days or more" never lists 6.9).
    const days = since === null ? 0 : Math.floor((now - since) / DAY_MS);
    if (t.status === "in-progress" && since !== null && days >= o.staleDays) {
      stale.push({ ...link(t), since: new Date(since).toISOString(), days, at: since, task: t });
    }
    if (t.status === "pending" && t.complexity !== null && t.complexity >= o.threshold)
      complex.push(t as GraphTask & { complexity: number });
  }
  complex.sort((a, b) => b.complexity - a.complexity || compareRefs(a, b));
  stale.sort((a, b) => a.at - b.at || compareRefs(a.task, b.task));

  const work = openWork(g);
  const ready = work.ready.map((t) => ({ ...link(t), priority: t.priority }));
  const blocked = work.blocked.map((t) => ({ ...link(t), blockedBy: blockingTasks(g, t.id).map(link) }));
  const cancelled = work.cancelledPrerequisites.map(({ task, dependents }) => ({
    ref: task.ref,
    title: task.title,
    dependents: dependents.map(link),
  }));

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
      complex: capped(
        complex.map((t) => ({ ...link(t), complexity: t.complexity })),
        o.listLimit,
      ),
      stale: capped(
        stale.map(({ at: _at, task: _task, ...s }) => s),
        o.listLimit,
      ),
      cancelledPrerequisites: capped(cancelled, o.listLimit),
    },
  };
}
