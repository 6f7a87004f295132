import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { addMember, makeProject, makeTasks, makeUser } from "@/lib/test/factories";
import type { TaskStatus } from "@/lib/validation/common";
import { buildGraph, type GraphTask } from "./rules/task-graph";
import { computeOverview, getProjectOverview } from "./overview";
import { updateTask } from "./update-task";

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

/**
 * 1 done · 2 ← 1 (in progress through its subtasks) · 3 ← 2 · 4 ← 3 · 5 cancelled · 6 ← 5 ·
 * 7 ← 4, 2 (high) · 8 deferred · 9 in review · 10 done ← 5 · 2.1 pending · 2.2 done ·
 * 2.3 cancelled · 3.1 pending (waits on 2 through its parent).
 */
async function craftedProject() {
  const { actor, projectId } = await makeProject();
  await makeTasks(actor, projectId, [
    { title: "Foundation", status: "done" },
    { title: "Schema", dependencies: ["1"] },
    { title: "API", dependencies: ["2"] },
    { title: "UI", dependencies: ["3"] },
    { title: "Legacy importer", status: "cancelled" },
    { title: "Docs", dependencies: ["5"] },
    { title: "Deploy", dependencies: ["4", "2"], priority: "high" },
    { title: "Parked idea", status: "deferred" },
    { title: "Polish", status: "review" },
    { title: "Old docs", status: "done", dependencies: ["5"] },
    { title: "Tables", parent: "2" },
    { title: "Indexes", parent: "2", status: "done" },
    { title: "Triggers", parent: "2", status: "cancelled" },
    { title: "Routes", parent: "3" },
  ]);
  return { actor, projectId };
}

describe("getProjectOverview", () => {
  it("reports exact figures for a crafted project", async () => {
    const { actor, projectId } = await craftedProject();
    const o = await getProjectOverview(actor, projectId);

    // Cancelled work is left out of the totals: 9 tasks count, 2 are done; 3 subtasks, 1 done.
    expect(o.completion).toEqual({
      tasks: { done: 2, total: 9, percent: 22 },
      subtasks: { done: 1, total: 3, percent: 33 },
    });
    expect(o.counts).toEqual({ pending: 4, "in-progress": 1, review: 1, done: 2, deferred: 1, cancelled: 1 });

    expect(o.ready).toEqual([
      { ref: "2", title: "Schema", status: "in-progress", priority: "medium" },
      { ref: "2.1", title: "Tables", status: "pending", priority: "medium" },
      { ref: "6", title: "Docs", status: "pending", priority: "medium" },
      { ref: "9", title: "Polish", status: "review", priority: "medium" },
    ]);
    expect(o.readyTotal).toBe(4);

    const schema = { ref: "2", title: "Schema", status: "in-progress" };
    expect(o.blocked).toEqual([
      { ref: "3", title: "API", status: "pending", blockedBy: [schema] },
      { ref: "3.1", title: "Routes", status: "pending", blockedBy: [schema] },
      { ref: "4", title: "UI", status: "pending", blockedBy: [{ ref: "3", title: "API", status: "pending" }] },
      // Blockers in plan order, whatever order the dependencies were given in.
      { ref: "7", title: "Deploy", status: "pending", blockedBy: [schema, { ref: "4", title: "UI", status: "pending" }] },
    ]);
    expect(o.blockedTotal).toBe(4);

    // 2.1 → 2 → {3, 7}, 3 → 4 → 7: four tasks wait on 2.1; ties fall back to plan order.
    expect(o.mostDependedOn).toEqual([
      { ref: "2.1", title: "Tables", status: "pending", dependents: 4 },
      { ref: "2", title: "Schema", status: "in-progress", dependents: 3 },
      { ref: "3.1", title: "Routes", status: "pending", dependents: 3 },
      { ref: "3", title: "API", status: "pending", dependents: 2 },
      { ref: "4", title: "UI", status: "pending", dependents: 1 },
    ]);

    // #10 also depends on #5 but is done, so only #6 still leans on the cancelled task.
    expect(o.cancelledPrerequisites).toEqual([{ ref: "5", title: "Legacy importer", dependents: ["6"] }]);

    expect(o.next.task).toEqual({ ref: "2.1", title: "Tables", status: "pending", priority: "medium", version: 1 });
    expect(o.next.reason).toBe(
      "#2.1 is ready: it is a subtask of #2, which is in progress; medium priority; finishing it moves 4 remaining tasks forward; " +
        "it has no prerequisites. Chosen over 2 other ready tasks because it continues work already in progress.",
    );
  });

  it("recomputes after a write and carries the next task's current version", async () => {
    const { actor, projectId } = await craftedProject();
    const before = await getProjectOverview(actor, projectId);
    expect(before.next.task?.ref).toBe("2.1");
    await updateTask(actor, projectId, "2.1", { title: "Tables, renamed" });
    let o = await getProjectOverview(actor, projectId);
    expect(o.next.task).toMatchObject({ ref: "2.1", title: "Tables, renamed", version: 2 });

    await updateTask(actor, projectId, "2.1", { status: "done", version: 2 });
    o = await getProjectOverview(actor, projectId);
    // Every subtask of #2 is resolved now, so #2 followed them to done and unblocked #3 and #3.1.
    expect(o.counts).toMatchObject({ done: 3, "in-progress": 0, pending: 4 });
    expect(o.completion.subtasks).toEqual({ done: 2, total: 3, percent: 66 });
    expect(o.ready.map((t) => t.ref)).toEqual(["3", "3.1", "6", "9"]);
    expect(o.blocked.map((t) => [t.ref, t.blockedBy.map((b) => b.ref)])).toEqual([
      ["4", ["3"]],
      ["7", ["4"]],
    ]);
    expect(o.mostDependedOn.map((t) => [t.ref, t.dependents])).toEqual([
      ["3.1", 3],
      ["3", 2],
      ["4", 1],
    ]);
  });

  it("caps the ready and blocked lists at 20 and reports the totals", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [
      ...Array.from({ length: 23 }, (_, i) => ({ title: `Ready ${i + 1}` })),
      ...Array.from({ length: 22 }, (_, i) => ({ title: `Waits ${i + 1}`, dependencies: ["1"] })),
    ]);
    const o = await getProjectOverview(actor, projectId);
    expect(o.ready).toHaveLength(20);
    expect(o.readyTotal).toBe(23);
    expect(o.ready.at(-1)?.ref).toBe("20");
    expect(o.blocked).toHaveLength(20);
    expect(o.blockedTotal).toBe(22);
    expect(o.blocked[0]).toMatchObject({ ref: "24", blockedBy: [{ ref: "1", title: "Ready 1", status: "pending" }] });
    expect(o.mostDependedOn).toEqual([{ ref: "1", title: "Ready 1", status: "pending", dependents: 22 }]);
  });

  it("answers an empty project with zeros and says why nothing is next", async () => {
    const { actor, projectId } = await makeProject();
    expect(await getProjectOverview(actor, projectId)).toEqual({
      completion: { tasks: { done: 0, total: 0, percent: 0 }, subtasks: { done: 0, total: 0, percent: 0 } },
      counts: { pending: 0, "in-progress": 0, review: 0, done: 0, deferred: 0, cancelled: 0 },
      next: { task: null, reason: "This project has no tasks yet." },
      ready: [],
      readyTotal: 0,
      blocked: [],
      blockedTotal: 0,
      mostDependedOn: [],
      cancelledPrerequisites: [],
    });
  });

  it("is readable by viewers and hidden from non-members", async () => {
    const { actor, projectId } = await craftedProject();
    const viewer = await makeUser();
    await addMember(actor, projectId, viewer, "viewer");
    expect((await getProjectOverview(viewer, projectId)).readyTotal).toBe(4);
    await rejects(getProjectOverview(await makeUser(), projectId), "not_found");
  });
});

describe("most depended-on counting", () => {
  const node = (i: number, status: TaskStatus = "pending", parent?: number): GraphTask => ({
    id: `t${i}`,
    ref: parent ? `${parent}.${i}` : String(i),
    number: parent ?? i,
    subNumber: parent ? i : 0,
    parentId: parent ? `t${parent}` : null,
    status,
    priority: "medium",
    title: `T${i}`,
    search: "",
    labels: [],
    assignee: null,
    complexity: null,
  });

  /** Plain breadth-first count per task, the definition the bitset version must match. */
  function bruteForce(tasks: GraphTask[], edges: { taskId: string; dependsOnId: string }[]) {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const waiters = new Map<string, string[]>();
    const add = (from: string, to: string) => (waiters.get(from) ?? waiters.set(from, []).get(from)!).push(to);
    for (const e of edges) add(e.dependsOnId, e.taskId);
    for (const t of tasks) if (t.parentId) add(t.id, t.parentId);
    const open = (id: string) => !["done", "cancelled"].includes(byId.get(id)!.status);
    const counts = new Map<string, number>();
    for (const t of tasks) {
      if (!open(t.id)) continue;
      const seen = new Set([t.id]);
      const queue = [t.id];
      while (queue.length) {
        for (const w of waiters.get(queue.shift()!) ?? []) {
          if (seen.has(w) || !open(w)) continue;
          seen.add(w);
          queue.push(w);
        }
      }
      if (seen.size > 1) counts.set(t.ref, seen.size - 1);
    }
    return counts;
  }

  it("matches a plain search across bitset blocks on a large random plan", () => {
    // More open tasks than one 4,096-task block, so reachability crosses block boundaries.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 4600;
    const tasks = Array.from({ length: n }, (_, k) => node(k + 1, rand() < 0.15 ? "done" : "pending"));
    const edges: { taskId: string; dependsOnId: string }[] = [];
    for (let i = 2; i <= n; i++) {
      const picks = new Set<number>();
      for (let e = 0; e < 2; e++) picks.add(Math.max(1, i - 1 - Math.floor(rand() * (rand() < 0.8 ? 10 : i - 1))));
      for (const p of picks) edges.push({ taskId: `t${i}`, dependsOnId: `t${p}` });
    }
    const { mostDependedOn } = computeOverview(buildGraph(tasks, edges));
    const expected = [...bruteForce(tasks, edges)].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, 5);
    expect(mostDependedOn.map((t) => [t.ref, t.dependents])).toEqual(expected);
  });

  it("does not count through resolved tasks and survives a corrupt cycle", () => {
    const tasks = [node(1), node(2, "done"), node(3), node(4), node(5), node(6)];
    const edges = [
      { taskId: "t2", dependsOnId: "t1" },
      { taskId: "t3", dependsOnId: "t2" },
      // 4 → 5 → 6 → 4: the database is never meant to hold this, but reading must not hang.
      { taskId: "t5", dependsOnId: "t4" },
      { taskId: "t6", dependsOnId: "t5" },
      { taskId: "t4", dependsOnId: "t6" },
    ];
    const { mostDependedOn } = computeOverview(buildGraph(tasks, edges));
    expect(mostDependedOn.map((t) => t.ref)).not.toContain("1");
    for (const t of mostDependedOn) expect(t.dependents).toBeLessThanOrEqual(2);
  });
});
