// Report figures on a project with 10,000 events over six months: generating a report (the
// service, in-process) for the default 14 days, the whole six months and a quarter in the past,
// and the parts it is made of.
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { db, inTransaction } from "@/lib/db";
import { bulkInsert } from "@/lib/db-bulk";
import { generateReport } from "@/lib/reports/generate-report";
import { loadReportEvents } from "@/lib/reports/load-events";
import { renderReportMarkdown } from "@/lib/reports/markdown";
import { computeReportStats } from "@/lib/reports/stats";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { getProjectOverview } from "@/lib/tasks/overview";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import type { TaskStatus } from "@/lib/validation/common";
import { benchUser } from "./bench-user";
import { measure, printTable, type Figures } from "./measure";
import { mulberry32 } from "./synthetic";

const DAY = 86_400_000;
const EVENTS = 10_000;

interface SimTask {
  ref: string;
  number: number;
  subNumber: number;
  title: string;
  status: TaskStatus;
  deletedAt: number | null;
  deps: number[];
  subtasks: SimTask[];
}

interface SimEvent {
  ref: string;
  kind: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  at: number;
}

/**
 * Six months of a plausible plan: tasks created in waves (more early on), subtasks for a
 * quarter of them, dependencies on nearby earlier tasks, work moving pending → in progress
 * (→ review) → done with a few reopened, cancelled or deferred, renames, notes and deletions.
 * Deterministic for the seed; exactly EVENTS events.
 */
function simulate(end: number, seed = 11) {
  const rand = mulberry32(seed);
  const start = end - 182 * DAY;
  const events: SimEvent[] = [];
  const later = (t: number, meanDays: number) => t + Math.max(0.02, -Math.log(1 - rand()) * meanDays) * DAY;
  const push = (e: SimEvent) => {
    if (e.at < end) events.push(e);
    return e.at < end;
  };
  const setStatus = (t: SimTask, next: TaskStatus, at: number) => {
    if (!push({ ref: t.ref, kind: "updated", field: "status", oldValue: t.status, newValue: next, at })) return false;
    t.status = next;
    return true;
  };

  /** The life of one task after its creation; returns when it was last touched. */
  function work(t: SimTask, created: number): number {
    let at = created;
    const r = rand();
    if (r < 0.04) {
      at = later(at, 20);
      setStatus(t, "cancelled", at);
      return at;
    }
    if (r < 0.08) {
      at = later(at, 15);
      setStatus(t, "deferred", at);
      return at;
    }
    at = later(at, 25);
    if (!setStatus(t, "in-progress", at)) return at;
    if (rand() < 0.3) {
      at = later(at, 4);
      if (!setStatus(t, "review", at)) return at;
    }
    if (rand() < 0.88) {
      at = later(at, 5);
      if (!setStatus(t, "done", at)) return at;
      if (rand() < 0.07) {
        at = later(at, 6);
        if (!setStatus(t, "in-progress", at)) return at;
        at = later(at, 4);
        setStatus(t, "done", at);
      }
    }
    return at;
  }

  const tasks: SimTask[] = [];
  const TOP = 1050;
  for (let n = 1; n <= TOP; n++) {
    // Front-loaded: the plan is written early and grows more slowly later.
    const created = start + Math.pow(n / TOP, 1.4) * 0.9 * (end - start) + rand() * DAY;
    const t: SimTask = {
      ref: String(n),
      number: n,
      subNumber: 0,
      title: `Task ${n}: ${["Design", "Build", "Test", "Deploy", "Document"][n % 5]} part ${n % 97}`,
      status: "pending",
      deletedAt: null,
      deps: [],
      subtasks: [],
    };
    tasks.push(t);
    push({
      ref: t.ref,
      kind: "created",
      field: "status",
      oldValue: null,
      newValue: JSON.stringify({ title: t.title, status: "pending" }),
      at: created,
    });
    for (let d = 0; d < 2 && n > 1; d++) {
      if (rand() < 0.6) {
        const on = Math.max(1, n - 1 - Math.floor(rand() * 12));
        if (!t.deps.includes(on)) {
          t.deps.push(on);
          push({ ref: t.ref, kind: "dependency_added", field: "dependencies", oldValue: null, newValue: String(on), at: created });
        }
      }
    }
    if (rand() < 0.25) {
      const count = 1 + Math.floor(rand() * 4);
      for (let s = 1; s <= count; s++) {
        const sub: SimTask = {
          ref: `${n}.${s}`,
          number: n,
          subNumber: s,
          title: `Step ${s} of task ${n}`,
          status: "pending",
          deletedAt: null,
          deps: [],
          subtasks: [],
        };
        const at = later(created, 1);
        if (at >= end) break;
        t.subtasks.push(sub);
        push({
          ref: sub.ref,
          kind: "created",
          field: "status",
          oldValue: null,
          newValue: JSON.stringify({ title: sub.title, status: "pending" }),
          at,
        });
        work(sub, at);
      }
    }
    const last = work(t, created);
    if (rand() < 0.2) {
      const old = t.title;
      t.title = `${t.title} (revised)`;
      push({ ref: t.ref, kind: "updated", field: "title", oldValue: old, newValue: t.title, at: later(created, 10) });
    }
    if (rand() < 0.03) {
      const at = later(last, 5);
      if (at < end) {
        for (const x of [t, ...t.subtasks]) {
          push({
            ref: x.ref,
            kind: "deleted",
            field: null,
            oldValue: JSON.stringify({ title: x.title, status: x.status }),
            newValue: null,
            at,
          });
          x.deletedAt = at;
        }
      }
    }
  }
  // Notes fill up to exactly EVENTS; they move no figure but the report's read passes over them.
  const live = tasks.flatMap((t) => [t, ...t.subtasks]);
  while (events.length < EVENTS) {
    const t = live[Math.floor(rand() * live.length)]!;
    const at = start + rand() * (end - start);
    push({ ref: t.ref, kind: "note_added", field: null, oldValue: null, newValue: "Progress note", at });
  }
  events.sort((a, b) => a.at - b.at);
  if (events.length > EVENTS) throw new Error(`simulation wrote ${events.length} events before notes; lower TOP`);
  // A deleted task has no events after its deletion.
  const deletedAt = new Map(live.filter((t) => t.deletedAt !== null).map((t) => [t.ref, t.deletedAt!]));
  const kept = events.filter((e) => !(deletedAt.has(e.ref) && e.at > deletedAt.get(e.ref)!));
  while (kept.length < EVENTS)
    kept.push({ ref: "1", kind: "note_added", field: null, oldValue: null, newValue: "Progress note", at: end - 1000 });
  kept.sort((a, b) => a.at - b.at);
  return { start, tasks, events: kept };
}

async function main() {
  const user = await benchUser();
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };
  const end = Date.now() - 60_000;
  const sim = simulate(end);

  // The final plan goes in through import; its "imported" events are then replaced by the history.
  const t0 = performance.now();
  const alive = sim.tasks.filter((t) => t.deletedAt === null);
  const file = {
    master: {
      tasks: alive.map((t) => ({
        id: t.number,
        title: t.title,
        status: t.status,
        priority: "medium",
        dependencies: t.deps.filter((d) => alive.some((a) => a.number === d)),
        subtasks: t.subtasks.map((s) => ({ id: s.subNumber, title: s.title, status: s.status, dependencies: [] })),
      })),
      metadata: { projectName: "Report bench" },
    },
  };
  const { projects } = await importTaskMaster(actor, file);
  const projectId = projects[0]!.id;
  const rows = await db.task.findMany({ where: { projectId }, select: { id: true, number: true, subNumber: true } });
  const idByRef = new Map(rows.map((r) => [r.subNumber ? `${r.number}.${r.subNumber}` : String(r.number), r.id]));
  await inTransaction(async (tx) => {
    await tx.taskEvent.deleteMany({ where: { projectId } });
    await bulkInsert(
      tx,
      "TaskEvent",
      sim.events.map((e) => ({
        id: randomUUID(),
        projectId,
        taskId: idByRef.get(e.ref) ?? `deleted-${e.ref}`,
        taskRef: e.ref,
        actorId: actor.userId,
        kind: e.kind,
        field: e.field,
        oldValue: e.oldValue,
        newValue: e.newValue,
        createdAt: new Date(e.at),
      })),
    );
  }, 120_000);
  const kinds = new Map<string, number>();
  for (const e of sim.events)
    kinds.set(
      e.kind === "updated" ? `${e.kind}:${e.field}` : e.kind,
      (kinds.get(e.kind === "updated" ? `${e.kind}:${e.field}` : e.kind) ?? 0) + 1,
    );
  console.log(
    `seeded ${rows.length} tasks and ${sim.events.length} events over 182 days in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  console.log(`events: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`);

  // The replay must end where the plan is: the same figures as the overview.
  const full = await generateReport(actor, projectId, { from: new Date(sim.start).toISOString() });
  const overview = await getProjectOverview(actor, projectId);
  const agree =
    full.stats.tasks.scopeAtEnd === overview.completion.tasks.total &&
    full.stats.tasks.doneAtEnd === overview.completion.tasks.done &&
    full.stats.subtasks.scopeAtEnd === overview.completion.subtasks.total &&
    full.stats.subtasks.doneAtEnd === overview.completion.subtasks.done;
  console.log(
    `six months: ${full.stats.tasks.completed} tasks and ${full.stats.subtasks.completed} subtasks completed, ${full.stats.tasks.reopened} reopened, ` +
      `${full.stats.tasks.deleted} deleted; done at the end ${full.stats.tasks.doneAtEnd}/${full.stats.tasks.scopeAtEnd} — ` +
      (agree ? "matches the overview" : `DIFFERS from the overview (${overview.completion.tasks.done}/${overview.completion.tasks.total})`),
  );
  if (!agree) process.exitCode = 1;
  console.log(
    `markdown of the six-month report: ${full.markdown.length.toLocaleString("en")} characters; stats JSON ${JSON.stringify(full.stats).length.toLocaleString("en")} characters`,
  );

  const figures: Figures[] = [];
  figures.push(await measure("generate: last 14 days (default)", 30, () => generateReport(actor, projectId, {})));
  figures.push(
    await measure("generate: the whole six months", 30, () =>
      generateReport(actor, projectId, { from: new Date(sim.start).toISOString() }),
    ),
  );
  const pastTo = new Date(end - 60 * DAY).toISOString();
  const pastFrom = new Date(end - 150 * DAY).toISOString();
  figures.push(
    await measure("generate: a quarter in the past", 30, () =>
      generateReport(actor, projectId, { from: pastFrom, to: pastTo, timeZone: "Europe/Berlin" }),
    ),
  );
  figures.push(await measure("  part: read the events", 30, () => loadReportEvents(projectId)));
  const events = await loadReportEvents(projectId);
  const graph = await getProjectGraph(projectId);
  const period = { from: sim.start, to: Date.now(), now: Date.now(), timeZone: "UTC" };
  figures.push(await measure("  part: compute the statistics (six months)", 30, async () => computeReportStats(events, graph, period)));
  const stats = computeReportStats(events, graph, period);
  figures.push(
    await measure("  part: render the markdown (six months)", 30, async () => renderReportMarkdown(stats, { projectName: "Report bench" })),
  );
  printTable(
    `Reports (${rows.length} tasks, ${events.length} replayed of ${EVENTS} events; service time in-process, graph cache warm)`,
    figures,
  );
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
