import { describe, expect, it } from "vitest";
import { buildGraph } from "@/lib/tasks/rules/task-graph";
import { addDays, daysBetween, dayOf, isoWeek, startOfDay } from "./calendar";
import { computeReportStats } from "./stats";
import { at, created, GRAPH, HISTORY, MARCH, node, status } from "./test-history";

describe("computeReportStats", () => {
  it("replays a crafted history into exact figures", () => {
    const s = computeReportStats(HISTORY, GRAPH, MARCH);
    expect(s.period).toEqual({
      from: "2026-03-02T00:00:00.000Z",
      to: "2026-03-15T23:59:59.999Z",
      end: "2026-03-15T23:59:59.999Z",
      timeZone: "UTC",
      firstDay: "2026-03-02",
      lastDay: "2026-03-15",
      days: 14,
    });
    expect(s.generatedAt).toBe("2026-03-16T12:00:00.000Z");
    // Start: #1 done, #2–#4 open. End: #1 reopened, #4 cancelled (out of scope), #5 and #6
    // imported, #7 created done, #8 created, done and deleted, #9 created, done and sent to review.
    expect(s.tasks).toEqual({
      scopeAtStart: 4,
      doneAtStart: 1,
      scopeAtEnd: 7,
      doneAtEnd: 3,
      percentAtEnd: 42,
      completed: 2, // #3 (finished twice, counted once) and #7; #5 was imported done
      completions: 5, // #3 twice, #7, #8, #9
      reopened: 3, // #3, #1, #9
      added: 5,
      imported: 2,
      deleted: 1,
      cancelled: 1,
    });
    expect(s.subtasks).toEqual({
      scopeAtStart: 2,
      doneAtStart: 0,
      scopeAtEnd: 2,
      doneAtEnd: 1,
      percentAtEnd: 50,
      completed: 1,
      completions: 1,
      reopened: 0,
      added: 0,
      imported: 0,
      deleted: 0,
      cancelled: 0,
    });
    expect(s.burnup).toEqual([
      { day: "2026-03-02", scope: 4, done: 1 },
      { day: "2026-03-03", scope: 4, done: 2 },
      { day: "2026-03-04", scope: 4, done: 1 },
      { day: "2026-03-05", scope: 3, done: 1 },
      { day: "2026-03-06", scope: 5, done: 2 },
      { day: "2026-03-07", scope: 6, done: 3 },
      { day: "2026-03-08", scope: 6, done: 3 },
      { day: "2026-03-09", scope: 7, done: 3 },
      { day: "2026-03-10", scope: 7, done: 4 },
      { day: "2026-03-11", scope: 7, done: 5 },
      { day: "2026-03-12", scope: 6, done: 3 },
      { day: "2026-03-13", scope: 7, done: 4 },
      { day: "2026-03-14", scope: 7, done: 3 },
      { day: "2026-03-15", scope: 7, done: 3 },
    ]);
    expect(s.throughput).toEqual([
      { week: "2026-W10", weekStart: "2026-03-02", days: 7, tasks: 1, subtasks: 1 },
      { week: "2026-W11", weekStart: "2026-03-09", days: 7, tasks: 1, subtasks: 0 },
    ]);
    // Current titles: #3 was renamed.
    expect(s.done).toEqual({
      total: 3,
      items: [
        { ref: "7", title: "Created done", status: "done", completedAt: "2026-03-07T10:00:00.000Z", day: "2026-03-07" },
        { ref: "2.1", title: "Tables", status: "done", completedAt: "2026-03-08T10:00:00.000Z", day: "2026-03-08" },
        { ref: "3", title: "API v2", status: "done", completedAt: "2026-03-10T10:00:00.000Z", day: "2026-03-10" },
      ],
    });
  });

  it("describes today's plan: in progress since, blocked, next up, ready and risks", () => {
    const s = computeReportStats(HISTORY, GRAPH, MARCH);
    expect(s.inProgress).toEqual({
      total: 3,
      items: [
        { ref: "2", title: "Schema", status: "in-progress", since: "2026-03-02T10:00:00.000Z" },
        // Started after the period ended: the event is read anyway.
        { ref: "6", title: "Imported pending", status: "in-progress", since: "2026-03-16T09:00:00.000Z" },
        { ref: "9", title: "Later reopened", status: "review", since: "2026-03-14T10:00:00.000Z" },
      ],
    });
    expect(s.blocked).toEqual({
      total: 1,
      items: [{ ref: "9", title: "Later reopened", status: "review", blockedBy: [{ ref: "2", title: "Schema", status: "in-progress" }] }],
    });
    expect(s.next).toEqual({
      task: { ref: "2.2", title: "Indexes", status: "pending", priority: "medium" },
      reason:
        "#2.2 is ready: it is a subtask of #2, which is in progress; medium priority; finishing it moves 2 remaining tasks forward; " +
        "it has no prerequisites. Chosen over 2 other ready tasks because it continues work already in progress.",
    });
    expect(s.ready.items.map((t) => t.ref)).toEqual(["1", "2", "2.2", "6"]);
    expect(s.ready.total).toBe(4);
    expect(s.risks).toEqual({
      complexityThreshold: 8,
      staleDays: 7,
      complex: { total: 1, items: [{ ref: "1", title: "Foundation", status: "pending", complexity: 9 }] },
      // In progress since 2 March 10:00, the report made 16 March 12:00: 14 whole days. #6 started today.
      stale: { total: 1, items: [{ ref: "2", title: "Schema", status: "in-progress", since: "2026-03-02T10:00:00.000Z", days: 14 }] },
      cancelledPrerequisites: {
        total: 1,
        items: [{ ref: "4", title: "Legacy importer", dependents: [{ ref: "6", title: "Imported pending", status: "in-progress" }] }],
      },
    });
  });

  it("answers a period without events with flat lines and zero activity", () => {
    const s = computeReportStats(HISTORY, GRAPH, {
      from: at("2026-04-01T00:00:00Z"),
      to: at("2026-04-05T23:59:59.999Z"),
      now: at("2026-04-06T08:00:00Z"),
      timeZone: "UTC",
    });
    const quiet = { completed: 0, completions: 0, reopened: 0, added: 0, imported: 0, deleted: 0, cancelled: 0 };
    expect(s.tasks).toEqual({ scopeAtStart: 7, doneAtStart: 3, scopeAtEnd: 7, doneAtEnd: 3, percentAtEnd: 42, ...quiet });
    expect(s.subtasks).toEqual({ scopeAtStart: 2, doneAtStart: 1, scopeAtEnd: 2, doneAtEnd: 1, percentAtEnd: 50, ...quiet });
    expect(s.burnup).toEqual(["01", "02", "03", "04", "05"].map((d) => ({ day: `2026-04-${d}`, scope: 7, done: 3 })));
    // 1 April 2026 is a Wednesday: W14 has 5 days in this period, and W15 none.
    expect(s.throughput).toEqual([{ week: "2026-W14", weekStart: "2026-03-30", days: 5, tasks: 0, subtasks: 0 }]);
    expect(s.done).toEqual({ items: [], total: 0 });
  });

  it("answers an empty project", () => {
    const s = computeReportStats([], buildGraph([], []), MARCH);
    expect(s.tasks).toMatchObject({ scopeAtStart: 0, scopeAtEnd: 0, doneAtEnd: 0, percentAtEnd: 0, completed: 0 });
    expect(s.burnup).toHaveLength(14);
    expect(s.burnup.every((d) => d.scope === 0 && d.done === 0)).toBe(true);
    expect(s.next).toEqual({ task: null, reason: "This project has no tasks yet." });
    expect(s.inProgress.total + s.blocked.total + s.ready.total + s.risks.complex.total).toBe(0);
  });

  it("stops at the moment of generation when the period ends later, and counts an event at `from` in the period", () => {
    const s = computeReportStats(HISTORY, GRAPH, {
      from: at("2026-03-10T10:00:00Z"), // exactly #3's second completion
      to: at("2026-03-31T00:00:00Z"),
      now: at("2026-03-12T09:30:00Z"),
      timeZone: "UTC",
    });
    expect(s.period.end).toBe("2026-03-12T09:30:00.000Z");
    expect(s.period.lastDay).toBe("2026-03-12");
    expect(s.burnup.map((d) => [d.day, d.scope, d.done])).toEqual([
      ["2026-03-10", 7, 4],
      ["2026-03-11", 7, 5],
      // At 09:30 on the 12th #8 is deleted but #1 not yet reopened.
      ["2026-03-12", 6, 4],
    ]);
    expect(s.tasks).toMatchObject({ scopeAtStart: 7, doneAtStart: 3, completed: 1, completions: 2, deleted: 1, reopened: 0 });
    expect(s.done.items.map((d) => d.ref)).toEqual(["3"]);
  });

  it("buckets days and weeks in the report's time zone", () => {
    // 23:30 UTC on Sunday 8 March is already Monday 9 March in Berlin (UTC+1): week 11, not 10.
    const events = [created("1", "Late night", "pending", "2026-03-01T08:00:00Z"), status("1", "pending", "done", "2026-03-08T23:30:00Z")];
    const graph = buildGraph([node("1", "Late night", "done")], []);
    const period = { from: at("2026-03-01T23:00:00Z"), to: at("2026-03-15T22:59:59.999Z"), now: at("2026-03-20T00:00:00Z") };
    const berlin = computeReportStats(events, graph, { ...period, timeZone: "Europe/Berlin" });
    expect(berlin.period.firstDay).toBe("2026-03-02");
    expect(berlin.period.lastDay).toBe("2026-03-15");
    expect(berlin.done.items[0]!.day).toBe("2026-03-09");
    expect(berlin.throughput.map((w) => [w.week, w.tasks])).toEqual([
      ["2026-W10", 0],
      ["2026-W11", 1],
    ]);
    expect(berlin.burnup.find((d) => d.day === "2026-03-08")).toEqual({ day: "2026-03-08", scope: 1, done: 0 });
    const utc = computeReportStats(events, graph, { ...period, timeZone: "UTC" });
    expect(utc.done.items[0]!.day).toBe("2026-03-08");
    expect(utc.throughput.map((w) => [w.week, w.tasks])).toEqual([
      ["2026-W09", 0],
      ["2026-W10", 1],
      ["2026-W11", 0],
    ]);
  });
});

describe("calendar", () => {
  it("finds day starts across a daylight-saving change", () => {
    // Berlin moves its clocks forward on 29 March 2026: that day has 23 hours.
    const days = daysBetween(at("2026-03-28T12:00:00Z"), at("2026-03-30T12:00:00Z"), "Europe/Berlin");
    expect(days.map((d) => [d.day, new Date(d.start).toISOString(), (d.end - d.start) / 3_600_000])).toEqual([
      ["2026-03-28", "2026-03-27T23:00:00.000Z", 24],
      ["2026-03-29", "2026-03-28T23:00:00.000Z", 23],
      ["2026-03-30", "2026-03-29T22:00:00.000Z", 24],
    ]);
    expect(startOfDay("2026-07-01", "America/New_York")).toBe(at("2026-07-01T04:00:00Z"));
    expect(dayOf(at("2026-07-01T03:59:59Z"), "America/New_York")).toBe("2026-06-30");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("numbers ISO weeks at year boundaries", () => {
    expect(isoWeek("2026-01-01")).toEqual({ key: "2026-W01", monday: "2025-12-29" });
    expect(isoWeek("2027-01-01")).toEqual({ key: "2026-W53", monday: "2026-12-28" });
    expect(isoWeek("2027-01-04")).toEqual({ key: "2027-W01", monday: "2027-01-04" });
    expect(isoWeek("2024-12-30")).toEqual({ key: "2025-W01", monday: "2024-12-30" });
  });
});
