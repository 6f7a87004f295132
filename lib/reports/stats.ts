// Progress statistics: a pure function over the project's event history, its current graph and
// a period. No database here (generate-report.ts loads what this reads).
//
// Counting rules (the report's legend says the same in words):
// - Top-level tasks and subtasks are counted separately, as on the overview; the burn-up is
//   drawn for top-level tasks (a parent follows its subtasks, so it carries their progress).
// - Scope is every task that exists and is not cancelled: creating or importing a task adds it,
//   deleting or cancelling it takes it out (un-cancelling brings it back). Done is scope in status done.
// - "Completed in the period" counts a task once, at its last move to done inside the period,
//   and only if it is still done when the period ends: a task reopened and finished again
//   counts once; one reopened and left open does not count. Throughput per week is the same
//   count, by the week of that last completion, so the weeks add up to the done list.
//   `completions` keeps the raw number of moves to done, `reopened` the moves out of done.
// - Creating a task as done is a completion; importing a done task is not (the work was
//   finished before it came here), though it counts in the burn-up's scope and done lines.
// - In progress, blocked, next up and risks describe the plan as it is when the report is made.
import type { ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { TASK_STATUSES, type TaskStatus } from "@/lib/validation/common";
import { daysBetween, isoWeek, type DaySpan, type Ymd } from "./calendar";
import { currentPlan } from "./current-plan";
import { capped } from "./lists";
import type { ReportTask, CountFigures, ReportStats } from "./types";

export interface ReportEvent {
  taskId: string | null;
  taskRef: string | null;
  kind: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  /** Epoch ms. Events must come in the order they happened. */
  at: number;
}

export interface ReportPeriod {
  from: number;
  to: number;
  now: number;
  timeZone: string;
}

export interface ReportOptions {
  /** In progress for this many whole days or more is a risk. */
  staleDays?: number;
  complexityThreshold?: number;
  listLimit?: number;
  doneLimit?: number;
  readyLimit?: number;
}

export const STALE_DAYS = 7;
export const COMPLEXITY_THRESHOLD = 8;

interface Replayed {
  ref: string;
  sub: boolean;
  title: string;
  /** null: not (or no longer) in the project. */
  status: TaskStatus | null;
  /** When the task entered its current status. */
  since: number | null;
  /** Its last move to done inside the period, and that event's position (ties keep history's order). */
  lastCompletion: number | null;
  completionSeq: number;
}

interface Tally {
  scope: number;
  done: number;
  completions: number;
  reopened: number;
  added: number;
  imported: number;
  deleted: number;
  cancelled: number;
}

const STATUS_SET = new Set<string>(TASK_STATUSES);
const asStatus = (v: unknown): TaskStatus | null => (typeof v === "string" && STATUS_SET.has(v) ? (v as TaskStatus) : null);
const newTally = (): Tally => ({ scope: 0, done: 0, completions: 0, reopened: 0, added: 0, imported: 0, deleted: 0, cancelled: 0 });

/** created/imported events carry {title, status}; very old ones only a title. */
function parseCreated(raw: string | null): { title: string; status: TaskStatus } {
  if (raw?.startsWith("{")) {
    try {
      const v = JSON.parse(raw) as { title?: unknown; status?: unknown };
      return { title: typeof v.title === "string" ? v.title : "", status: asStatus(v.status) ?? "pending" };
    } catch {}
  }
  return { title: raw ?? "", status: "pending" };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function computeReportStats(
  events: readonly ReportEvent[],
  graph: ProjectGraph,
  period: ReportPeriod,
  options: ReportOptions = {},
): ReportStats {
  const staleDays = options.staleDays ?? STALE_DAYS;
  const threshold = options.complexityThreshold ?? COMPLEXITY_THRESHOLD;
  const listLimit = options.listLimit ?? 50;
  const { from, timeZone } = period;
  // Nothing can have happened after now, so the figures stop there even for a period ending later.
  const end = Math.max(from, Math.min(period.to, period.now));
  const days = daysBetween(from, end, timeZone);

  const tasks = new Map<string, Replayed>();
  const tallies = { tasks: newTally(), subtasks: newTally() };
  const tallyOf = (r: Replayed) => (r.sub ? tallies.subtasks : tallies.tasks);

  let seq = 0;
  const setStatus = (r: Replayed, next: TaskStatus | null, at: number, inPeriod: boolean) => {
    const prev = r.status;
    if (prev === next) return;
    const t = tallyOf(r);
    if (prev !== null && prev !== "cancelled") t.scope--;
    if (prev === "done") t.done--;
    if (next !== null && next !== "cancelled") t.scope++;
    if (next === "done") t.done++;
    r.status = next;
    r.since = at;
    if (!inPeriod) return;
    if (next === "done") {
      t.completions++;
      r.lastCompletion = at;
      r.completionSeq = seq;
    }
    if (prev === "done" && next !== null) t.reopened++;
    if (next === "cancelled") t.cancelled++;
  };

  const recordFor = (e: ReportEvent): Replayed | null => {
    const key = e.taskId ?? (e.taskRef ? `ref:${e.taskRef}` : null);
    if (!key) return null;
    let r = tasks.get(key);
    if (!r) {
      const ref = e.taskRef ?? "?";
      r = { ref, sub: ref.includes("."), title: "", status: null, since: null, lastCompletion: null, completionSeq: 0 };
      tasks.set(key, r);
    }
    return r;
  };

  const burnup: ReportStats["burnup"] = [];
  let day = 0;
  const flushDaysBefore = (at: number) => {
    while (day < days.length && days[day]!.end <= at) {
      burnup.push({ day: days[day]!.day, scope: tallies.tasks.scope, done: tallies.tasks.done });
      day++;
    }
  };
  let atStart: { tasks: { scope: number; done: number }; subtasks: { scope: number; done: number } } | null = null;
  const snapshotStart = () => ({
    tasks: { scope: tallies.tasks.scope, done: tallies.tasks.done },
    subtasks: { scope: tallies.subtasks.scope, done: tallies.subtasks.done },
  });

  let i = 0;
  for (; i < events.length; i++) {
    const e = events[i]!;
    if (e.at > end) break;
    seq = i;
    if (atStart === null && e.at >= from) atStart = snapshotStart();
    flushDaysBefore(e.at);
    const inPeriod = e.at >= from;
    const r = recordFor(e);
    if (!r) continue;
    if (e.kind === "created" || e.kind === "imported") {
      const c = parseCreated(e.newValue);
      r.title = c.title;
      if (r.status === null && inPeriod) {
        const t = tallyOf(r);
        t.added++;
        if (e.kind === "imported") t.imported++;
      }
      // An imported done task was finished elsewhere: it joins the lines, but is no completion here.
      setStatus(r, c.status, e.at, inPeriod && e.kind === "created");
    } else if (e.kind === "deleted") {
      if (r.status !== null && inPeriod) tallyOf(r).deleted++;
      setStatus(r, null, e.at, inPeriod);
    } else if (e.kind === "updated" && e.field === "status") {
      const next = asStatus(e.newValue);
      if (!next) continue;
      // A change to a task whose creation is not in the history: it existed with the old status.
      if (r.status === null) setStatus(r, asStatus(e.oldValue) ?? "pending", e.at, false);
      setStatus(r, next, e.at, inPeriod);
    } else if (e.kind === "updated" && e.field === "title" && e.newValue !== null) {
      r.title = e.newValue;
    }
  }
  atStart ??= snapshotStart();
  flushDaysBefore(Number.POSITIVE_INFINITY);
  // A plan that began as an import has no history before it: the burn-up starts on the import's
  // day rather than rising from zero to everything imported (Task Master files carry no dates
  // per task to rebuild it from).
  const first = events[0];
  if (first?.kind === "imported" && first.at > from) {
    const startDay = days.findIndex((d) => d.end > first.at);
    if (startDay > 0) burnup.splice(0, startDay);
  }
  const endStatus = new Map<Replayed, TaskStatus | null>([...tasks.values()].map((r) => [r, r.status]));

  // After the period: only when each task entered its current status still matters (for
  // "in progress since" on today's plan).
  for (; i < events.length; i++) {
    const e = events[i]!;
    const r = recordFor(e);
    if (!r) continue;
    if (e.kind === "created" || e.kind === "imported") r.since = e.at;
    else if (e.kind === "updated" && e.field === "status" && e.newValue !== e.oldValue) r.since = e.at;
  }

  const titleOf = (id: string, r: Replayed) => graph.tasks.get(id)?.title ?? r.title;
  const dayIndex = (at: number) => {
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid]!.start <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const doneAll: (ReportTask & { completedAt: string; day: Ymd; at: number; seq: number; sub: boolean })[] = [];
  for (const [id, r] of tasks) {
    if (r.lastCompletion === null || endStatus.get(r) !== "done") continue;
    doneAll.push({
      ref: r.ref,
      title: titleOf(id, r),
      status: "done",
      completedAt: iso(r.lastCompletion),
      day: days[dayIndex(r.lastCompletion)]!.day,
      at: r.lastCompletion,
      seq: r.completionSeq,
      sub: r.sub,
    });
  }
  doneAll.sort((a, b) => a.at - b.at || a.seq - b.seq);

  const throughput = weeks(days);
  const byWeek = new Map(throughput.map((w) => [w.week, w]));
  for (const d of doneAll) {
    const w = byWeek.get(isoWeek(d.day).key)!;
    if (d.sub) w.subtasks++;
    else w.tasks++;
  }

  const figures = (t: Tally, start: { scope: number; done: number }, sub: boolean): CountFigures => ({
    scopeAtStart: start.scope,
    doneAtStart: start.done,
    scopeAtEnd: t.scope,
    doneAtEnd: t.done,
    percentAtEnd: t.scope === 0 ? 0 : Math.floor((t.done / t.scope) * 100),
    completed: doneAll.filter((d) => d.sub === sub).length,
    completions: t.completions,
    reopened: t.reopened,
    added: t.added,
    imported: t.imported,
    deleted: t.deleted,
    cancelled: t.cancelled,
  });

  const sinceOf = new Map<string, number | null>();
  for (const [id, r] of tasks) sinceOf.set(id, r.since);

  return {
    version: 1,
    generatedAt: iso(period.now),
    period: {
      from: iso(from),
      to: iso(period.to),
      end: iso(end),
      timeZone,
      firstDay: days[0]!.day,
      lastDay: days[days.length - 1]!.day,
      days: days.length,
    },
    tasks: figures(tallies.tasks, atStart.tasks, false),
    subtasks: figures(tallies.subtasks, atStart.subtasks, true),
    burnup,
    throughput,
    done: capped(
      doneAll.map(({ at: _at, seq: _seq, sub: _sub, ...d }) => d),
      options.doneLimit ?? 200,
    ),
    ...currentPlan(graph, sinceOf, period.now, { staleDays, threshold, listLimit, readyLimit: options.readyLimit ?? 10 }),
  };
}

function weeks(days: DaySpan[]): ReportStats["throughput"] {
  const out: ReportStats["throughput"] = [];
  for (const d of days) {
    const w = isoWeek(d.day);
    const last = out[out.length - 1];
    if (last?.week === w.key) last.days++;
    else out.push({ week: w.key, weekStart: w.monday, days: 1, tasks: 0, subtasks: 0 });
  }
  return out;
}
