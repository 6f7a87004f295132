import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { addMember, makeProject, makeTasks, makeUser } from "@/lib/test/factories";
import { addDependency, removeDependency } from "./dependencies";
import { createTask } from "./create-task";
import { deleteTask } from "./delete-task";
import { getTask } from "./get-task";
import { listTasks } from "./list-tasks";
import { moveTask } from "./move-task";
import { getNextTask } from "./next-task";
import { addNote, listTaskHistory } from "./notes";
import { updateTask } from "./update-task";
import { fixDependencies, validateDependencies } from "./validate-dependencies";

async function rejects(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
  return err as AppError;
}

describe("numbering", () => {
  it("numbers tasks per project and subtasks per parent, Task Master style", async () => {
    const { actor, projectId } = await makeProject();
    const [a, b] = await makeTasks(actor, projectId, [{ title: "A" }, { title: "B" }]);
    const s1 = await createTask(actor, projectId, { title: "B.1", parent: "2" });
    const s2 = await createTask(actor, projectId, { title: "B.2", parent: "#2" });
    expect([a!.ref, b!.ref, s1.ref, s2.ref]).toEqual(["1", "2", "2.1", "2.2"]);
    expect((await getTask(actor, projectId, "2")).subtasks.map((s) => s.ref)).toEqual(["2.1", "2.2"]);
    // Numbers are never reused after a delete.
    await deleteTask(actor, projectId, "2.2");
    expect((await createTask(actor, projectId, { title: "B.3", parent: "2" })).ref).toBe("2.3");
    const other = await makeProject(actor);
    expect((await createTask(actor, other.projectId, { title: "X" })).ref).toBe("1");
  });

  it("refuses subtasks of subtasks", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }, { title: "A.1", parent: "1" }]);
    await rejects(createTask(actor, projectId, { title: "deep", parent: "1.1" }), "invalid", /subtasks cannot have subtasks/);
  });
});

describe("dependencies", () => {
  it("rejects cycles with the cycle named, and changes nothing", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }, { title: "B", dependencies: ["1"] }, { title: "C", dependencies: ["2"] }]);
    const before = await db.taskDependency.count({ where: { projectId } });
    const e = await rejects(addDependency(actor, projectId, "1", { dependsOn: "3" }), "invalid", /#1 → #3 → #2 → #1/);
    expect(e.details).toEqual({ cycle: ["1", "3", "2", "1"] });
    await rejects(addDependency(actor, projectId, "1", { dependsOn: "1" }), "invalid", /cannot depend on itself/);
    await rejects(addDependency(actor, projectId, "1", { dependsOn: "99" }), "invalid", /unknown task #99/);
    await rejects(updateTask(actor, projectId, "1", { dependencies: ["3"] }), "invalid", /cycle/);
    expect(await db.taskDependency.count({ where: { projectId } })).toBe(before);
  });

  it("rejects a new subtask that would depend on work waiting for its parent", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "Parent" }, { title: "After parent", dependencies: ["1"] }]);
    await rejects(createTask(actor, projectId, { title: "sub", parent: "1", dependencies: ["2"] }), "invalid", /#1\.1 → #2 → #1 → #1\.1/);
    await rejects(createTask(actor, projectId, { title: "sub", parent: "1", dependencies: ["1"] }), "invalid", /cycle/);
    expect(await db.task.count({ where: { projectId } })).toBe(2);
  });

  it("adds and removes edges, moving the task's version", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }, { title: "B" }]);
    const added = await addDependency(actor, projectId, "2", { dependsOn: "1" });
    expect(added.dependencies).toEqual(["1"]);
    expect(added.blocked).toBe(true);
    expect(added.version).toBe(2);
    await rejects(addDependency(actor, projectId, "2", { dependsOn: "1" }), "conflict", /already depends/);
    const removed = await removeDependency(actor, projectId, "2", "1");
    expect(removed.dependencies).toEqual([]);
    await rejects(removeDependency(actor, projectId, "2", "1"), "not_found");
  });

  it("validate finds corrupt edges and fix removes exactly those", async () => {
    const { actor, projectId } = await makeProject();
    const [a, b] = await makeTasks(actor, projectId, [{ title: "A" }, { title: "B", dependencies: ["1"] }]);
    // Edges written behind the domain's back (e.g. a hand-edited database).
    await db.taskDependency.createMany({
      data: [
        { projectId, taskId: a!.id, dependsOnId: a!.id },
        { projectId, taskId: a!.id, dependsOnId: b!.id },
      ],
    });
    await db.project.update({ where: { id: projectId }, data: { revision: { increment: 1 } } });
    const report = await validateDependencies(actor, projectId);
    expect(report.valid).toBe(false);
    expect(report.counts).toEqual({ self: 1, missing: 0, cycle: 1 });
    const fixed = await fixDependencies(actor, projectId);
    // The self edge and the edge closing the cycle 1 → 2 → 1 (the later one in plan order).
    expect(fixed.removed.map((r) => `${r.taskRef}->${r.dependsOnRef}`)).toEqual(["1->1", "2->1"]);
    expect((await validateDependencies(actor, projectId)).valid).toBe(true);
    expect(await db.taskDependency.count({ where: { projectId } })).toBe(1);
  });
});

describe("optimistic locking", () => {
  it("a stale version gets a conflict carrying the current task, and writes nothing", async () => {
    const { actor, projectId } = await makeProject();
    const [t] = await makeTasks(actor, projectId, [{ title: "Original" }]);
    const first = await updateTask(actor, projectId, "1", { title: "First edit", version: t!.version });
    expect(first.version).toBe(t!.version + 1);
    const e = await rejects(updateTask(actor, projectId, "1", { title: "Stale edit", version: t!.version }), "conflict");
    expect((e.details as { current: { title: string; version: number } }).current).toMatchObject({
      title: "First edit",
      version: first.version,
    });
    expect((await getTask(actor, projectId, "1")).title).toBe("First edit");
  });

  it("an edit that changes nothing does not move the version", async () => {
    const { actor, projectId } = await makeProject();
    const [t] = await makeTasks(actor, projectId, [{ title: "Same" }]);
    expect((await updateTask(actor, projectId, "1", { title: "Same", version: t!.version })).version).toBe(t!.version);
  });
});

describe("edits that compose without a version", () => {
  it("parallel addLabels and addDependencies all survive; removals apply to what is there", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }, { title: "B" }, { title: "C" }, { title: "D" }, { title: "Target" }]);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => updateTask(actor, projectId, "5", { addLabels: [`l${i}`] })),
      ...["1", "2", "3", "4"].map((d) => updateTask(actor, projectId, "5", { addDependencies: [d] })),
    ]);
    let t = await getTask(actor, projectId, "5");
    expect([...t.labels].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `l${i}`).sort());
    expect([...t.dependencies].sort()).toEqual(["1", "2", "3", "4"]);
    expect(t.version).toBe(25);
    await Promise.all([
      updateTask(actor, projectId, "5", { removeLabels: ["l0", "l1", "missing"] }),
      updateTask(actor, projectId, "5", { removeDependencies: ["2"], addLabels: ["new"] }),
    ]);
    t = await getTask(actor, projectId, "5");
    expect(t.labels).not.toContain("l0");
    expect(t.labels).toContain("new");
    expect(t.labels).toHaveLength(19);
    expect([...t.dependencies].sort()).toEqual(["1", "3", "4"]);
    // The edge rules hold for added dependencies too; the label limit holds for added labels.
    await rejects(updateTask(actor, projectId, "1", { addDependencies: ["5"] }), "invalid", /#1 → #5 → #1|#5 → #1 → #5/);
    await rejects(
      updateTask(actor, projectId, "5", { addLabels: Array.from({ length: 12 }, (_, i) => `m${i}`) }),
      "invalid",
      /too many labels/,
    );
    await rejects(updateTask(actor, projectId, "5", { labels: ["x"], addLabels: ["y"] }), "invalid", /not both/);
    expect((await getTask(actor, projectId, "5")).version).toBe(t.version);
  });

  it("If-Match is the version: stale is a conflict with the current task; quoted and weak forms work", async () => {
    const { actor, projectId } = await makeProject();
    const [t] = await makeTasks(actor, projectId, [{ title: "A" }]);
    const first = await updateTask(actor, projectId, "1", { title: "B" }, { ifMatch: `"${t!.version}"` });
    const e = await rejects(updateTask(actor, projectId, "1", { title: "C" }, { ifMatch: String(t!.version) }), "conflict");
    expect((e.details as { current: { title: string } }).current.title).toBe("B");
    expect((await updateTask(actor, projectId, "1", { title: "D" }, { ifMatch: `W/"${first.version}"` })).title).toBe("D");
    expect((await updateTask(actor, projectId, "1", { title: "E" }, { ifMatch: "*" })).title).toBe("E");
    await rejects(updateTask(actor, projectId, "1", { title: "F" }, { ifMatch: "etag-123" }), "invalid", /If-Match/);
    await rejects(updateTask(actor, projectId, "1", { title: "F", version: 1 }, { ifMatch: "2" }), "invalid", /disagree/);
  });
});

describe("parent follows its subtasks", () => {
  it("starts, completes and reopens the parent", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "P" }, { title: "s1", parent: "1" }, { title: "s2", parent: "1" }]);
    await updateTask(actor, projectId, "1.1", { status: "in-progress" });
    expect((await getTask(actor, projectId, "1")).status).toBe("in-progress");
    await updateTask(actor, projectId, "1.1", { status: "done" });
    await updateTask(actor, projectId, "1.2", { status: "cancelled" });
    const done = await getTask(actor, projectId, "1");
    expect(done.status).toBe("done");
    expect(done.completedAt).not.toBeNull();
    await createTask(actor, projectId, { title: "s3", parent: "1" });
    expect((await getTask(actor, projectId, "1")).status).toBe("in-progress");
    const history = await listTaskHistory(actor, projectId, "1");
    expect(history.filter((e) => e.field === "status").map((e) => `${e.oldValue}->${e.newValue}`)).toEqual(
      expect.arrayContaining(["pending->in-progress", "in-progress->done", "done->in-progress"]),
    );
  });
});

describe("events and notes", () => {
  it("records who changed what, old → new", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }]);
    await updateTask(actor, projectId, "1", { priority: "high", labels: ["api"] });
    await addNote(actor, projectId, "1", { body: "Spoke to the team" });
    const events = await listTaskHistory(actor, projectId, "1");
    expect(events.map((e) => [e.kind, e.field, e.oldValue, e.newValue])).toEqual(
      expect.arrayContaining([
        ["updated", "priority", "medium", "high"],
        ["updated", "labels", "[]", '["api"]'],
        ["note_added", null, null, "Spoke to the team"],
      ]),
    );
    expect(events.every((e) => e.actor?.id === actor.userId)).toBe(true);
  });
});

describe("delete", () => {
  it("removes the task, its subtasks and edges, and names who lost a prerequisite", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [
      { title: "A" },
      { title: "A.1", parent: "1" },
      { title: "B", dependencies: ["1"] },
      { title: "C", dependencies: ["1.1", "2"] },
    ]);
    // A dry run answers what the delete will do, and changes nothing.
    const preview = await deleteTask(actor, projectId, "1", { dryRun: "true" });
    expect(await db.task.count({ where: { projectId } })).toBe(4);
    expect((await getTask(actor, projectId, "3")).dependencies).toEqual(["1.1", "2"]);
    const r = await deleteTask(actor, projectId, "1");
    expect(preview).toEqual(r);
    expect(r.deleted).toEqual(["1", "1.1"]);
    expect(r.lostPrerequisite.map((l) => l.ref).sort()).toEqual(["2", "3"]);
    expect((await getTask(actor, projectId, "3")).dependencies).toEqual(["2"]);
    expect(await db.task.count({ where: { projectId } })).toBe(2);
  });
});

describe("next task and list", () => {
  it("next changes when the prerequisite is done", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [
      { title: "Setup", priority: "low" },
      { title: "Build", priority: "high", dependencies: ["1"] },
    ]);
    expect((await getNextTask(actor, projectId)).task?.ref).toBe("1");
    await updateTask(actor, projectId, "1", { status: "done" });
    const next = await getNextTask(actor, projectId);
    expect(next.task?.ref).toBe("2");
    expect(next.reason).toMatch(/^#2 is ready/);
  });

  it("filters and paginates with a cursor", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [
      { title: "Write login page", priority: "high" },
      { title: "Write signup page", dependencies: ["1"] },
      { title: "Deploy", status: "done" },
      { title: "Docs" },
    ]);
    expect((await listTasks(actor, projectId, { text: "write" })).tasks.map((t) => t.ref)).toEqual(["1", "2"]);
    expect((await listTasks(actor, projectId, { blocked: "true" })).tasks.map((t) => t.ref)).toEqual(["2"]);
    expect((await listTasks(actor, projectId, { ready: "true" })).tasks.map((t) => t.ref)).toEqual(["1", "4"]);
    expect((await listTasks(actor, projectId, { status: "done,pending", priority: "medium" })).tasks.map((t) => t.ref)).toEqual([
      "2",
      "3",
      "4",
    ]);
    const p1 = await listTasks(actor, projectId, { limit: "3" });
    expect(p1.tasks.map((t) => t.ref)).toEqual(["1", "2", "3"]);
    expect(p1.total).toBe(4);
    const p2 = await listTasks(actor, projectId, { limit: "3", cursor: p1.nextCursor! });
    expect(p2.tasks.map((t) => t.ref)).toEqual(["4"]);
    expect(p2.nextCursor).toBeNull();
    await rejects(listTasks(actor, projectId, { cursor: "garbage" }), "invalid");
  });
});

describe("board moves", () => {
  it("moves between columns and orders within one, writing one task", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }, { title: "B" }, { title: "C" }]);
    await moveTask(actor, projectId, "3", { status: "pending", afterRef: null });
    const order = async () =>
      (await db.task.findMany({ where: { projectId, status: "pending" }, orderBy: { rank: "asc" } })).map((t) => t.title);
    expect(await order()).toEqual(["C", "A", "B"]);
    await moveTask(actor, projectId, "3", { status: "pending", afterRef: "1" });
    expect(await order()).toEqual(["A", "C", "B"]);
    const moved = await moveTask(actor, projectId, "1", { status: "in-progress" });
    expect(moved.status).toBe("in-progress");
    await rejects(moveTask(actor, projectId, "2", { status: "done", afterRef: "3" }), "invalid", /same column/);
    // Putting a card back where it came from can reuse its old rank; it must still land there.
    await moveTask(actor, projectId, "3", { status: "pending", afterRef: null });
    await moveTask(actor, projectId, "1", { status: "done", afterRef: null });
    await moveTask(actor, projectId, "1", { status: "pending", afterRef: "3" });
    expect(await order()).toEqual(["C", "A", "B"]);
  });
});

describe("authorization", () => {
  it("non-members get not_found, viewers cannot write, read-only tokens cannot write", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [{ title: "A" }]);
    const stranger = await makeUser();
    await rejects(getTask(stranger, projectId, "1"), "not_found");
    const viewer = await makeUser();
    await addMember(actor, projectId, viewer, "viewer");
    expect((await getTask(viewer, projectId, "1")).title).toBe("A");
    await rejects(updateTask(viewer, projectId, "1", { title: "x" }), "forbidden");
    await rejects(createTask({ ...actor, tokenScopes: ["read"] }, projectId, { title: "x" }), "forbidden", /lacks the "write" scope/);
  });
});
