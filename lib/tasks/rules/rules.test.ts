import { describe, expect, it } from "vitest";
import { specEdges, specGraph, specId, type TaskSpec } from "@/lib/test/graph";
import { checkNewEdge, findDependencyIssues } from "./dependency-checks";
import { pickNextTask } from "./pick-next-task";
import { isBlocked, isReady, parentStatusFor } from "./status";

function graph(specs: TaskSpec[]) {
  return { g: specGraph(specs), edges: specEdges(specs) };
}
const id = specId;

describe("cycle detection", () => {
  it("rejects a self dependency", () => {
    const { g } = graph([{ ref: "1" }]);
    expect(checkNewEdge(g, id("1"), id("1"))).toMatchObject({ kind: "self", message: "#1 cannot depend on itself" });
  });

  it("names a two-task cycle", () => {
    const { g } = graph([{ ref: "4" }, { ref: "7", deps: ["4"] }]);
    expect(checkNewEdge(g, id("4"), id("7"))).toMatchObject({ kind: "cycle", message: "That would create a cycle: #4 → #7 → #4" });
  });

  it("names a longer cycle in order", () => {
    const { g } = graph([{ ref: "1" }, { ref: "2", deps: ["1"] }, { ref: "3", deps: ["2"] }, { ref: "4", deps: ["3"] }]);
    const p = checkNewEdge(g, id("1"), id("4"));
    expect(p).toMatchObject({ kind: "cycle", cycle: ["1", "4", "3", "2", "1"] });
  });

  it("treats a subtask depending on its own parent as a cycle", () => {
    const { g } = graph([{ ref: "12" }, { ref: "12.1" }, { ref: "12.2" }]);
    expect(checkNewEdge(g, id("12.1"), id("12"))).toMatchObject({ kind: "cycle", cycle: ["12.1", "12", "12.1"] });
  });

  it("finds cycles that run through a parent's subtasks", () => {
    // 13 depends on 12; 12 is finished only when 12.1 is; so 12.1 may not depend on 13.
    const { g } = graph([{ ref: "12" }, { ref: "12.1" }, { ref: "13", deps: ["12"] }]);
    expect(checkNewEdge(g, id("12.1"), id("13"))).toMatchObject({ kind: "cycle", cycle: ["12.1", "13", "12", "12.1"] });
  });

  it("allows siblings and cross-task subtask edges that close no loop", () => {
    const { g } = graph([{ ref: "1" }, { ref: "1.1" }, { ref: "1.2", deps: ["1.1"] }, { ref: "2" }, { ref: "2.1" }]);
    expect(checkNewEdge(g, id("2.1"), id("1.2"))).toBeNull();
    expect(checkNewEdge(g, id("1"), id("1.2"))).toBeNull();
    expect(checkNewEdge(g, id("2"), id("1"))).toBeNull();
  });

  it("reports a duplicate edge", () => {
    const { g } = graph([{ ref: "1" }, { ref: "2", deps: ["1"] }]);
    expect(checkNewEdge(g, id("2"), id("1"))?.kind).toBe("duplicate");
  });
});

describe("blocked and ready", () => {
  it("a prerequisite is resolved when done or cancelled", () => {
    const { g } = graph([
      { ref: "1", status: "done" },
      { ref: "2", status: "cancelled" },
      { ref: "3", status: "in-progress" },
      { ref: "4", deps: ["1", "2"] },
      { ref: "5", deps: ["1", "3"] },
    ]);
    expect(isBlocked(g, id("4"))).toBe(false);
    expect(isBlocked(g, id("5"))).toBe(true);
    expect(isReady(g, id("4"))).toBe(true);
  });

  it("a subtask waits for whatever blocks its parent", () => {
    const { g } = graph([{ ref: "1" }, { ref: "2", deps: ["1"] }, { ref: "2.1" }]);
    expect(isBlocked(g, id("2.1"))).toBe(true);
  });

  it("deferred and done tasks are not ready", () => {
    const { g } = graph([
      { ref: "1", status: "deferred" },
      { ref: "2", status: "done" },
    ]);
    expect(isReady(g, id("1"))).toBe(false);
    expect(isReady(g, id("2"))).toBe(false);
  });
});

describe("next task", () => {
  it("explains an empty project and a fully blocked one", () => {
    expect(pickNextTask(graph([]).g)).toEqual({ taskId: null, reason: "This project has no tasks yet." });
    const { g } = graph([
      { ref: "1", status: "deferred" },
      { ref: "2", deps: ["1"] },
    ]);
    expect(pickNextTask(g)).toEqual({ taskId: null, reason: "All 1 open tasks are waiting on unfinished prerequisites." });
    expect(pickNextTask(graph([{ ref: "1", status: "done" }]).g).reason).toBe("Every task is done, cancelled or deferred.");
  });

  it("prefers subtasks of in-progress parents over higher priority", () => {
    const { g } = graph([
      { ref: "1", priority: "critical" },
      { ref: "2", status: "in-progress" },
      { ref: "2.1" },
      { ref: "2.2", status: "done" },
    ]);
    const r = pickNextTask(g);
    expect(r.taskId).toBe(id("2.1"));
    expect(r.reason).toContain("subtask of #2, which is in progress");
  });

  it("then higher priority", () => {
    const { g } = graph([
      { ref: "1", priority: "low" },
      { ref: "2", priority: "high" },
    ]);
    const r = pickNextTask(g);
    expect(r.taskId).toBe(id("2"));
    expect(r.reason).toContain("its priority is higher than #1's");
  });

  it("then the task that unblocks the most remaining work", () => {
    const { g } = graph([{ ref: "1" }, { ref: "2" }, { ref: "3", deps: ["2"] }, { ref: "4", deps: ["3"] }, { ref: "5", deps: ["1"] }]);
    const r = pickNextTask(g);
    expect(r.taskId).toBe(id("2"));
    expect(r.reason).toContain("finishing it moves 2 remaining tasks forward");
  });

  it("then fewer prerequisites, then the lower number", () => {
    const a = graph([{ ref: "1", status: "done" }, { ref: "2", deps: ["1"] }, { ref: "3" }]);
    expect(pickNextTask(a.g).taskId).toBe(id("3"));
    const b = graph([{ ref: "5" }, { ref: "3" }]);
    expect(pickNextTask(b.g).taskId).toBe(id("3"));
    expect(pickNextTask(b.g).reason).toContain("it comes before #5 in the plan");
  });

  it("works a parent through its open subtasks, never the parent itself", () => {
    const { g } = graph([{ ref: "1", priority: "high" }, { ref: "1.1" }, { ref: "1.2" }]);
    expect(pickNextTask(g).taskId).toBe(id("1.1"));
  });

  it("skips blocked tasks", () => {
    const { g } = graph([
      { ref: "1", priority: "low" },
      { ref: "2", priority: "critical", deps: ["1"] },
    ]);
    expect(pickNextTask(g).taskId).toBe(id("1"));
  });
});

describe("parent follows subtasks", () => {
  it.each([
    ["pending", ["done", "cancelled"], "done"],
    ["pending", ["in-progress", "pending"], "in-progress"],
    ["pending", ["done", "pending"], "in-progress"],
    ["pending", ["pending", "pending"], "pending"],
    ["done", ["done", "pending"], "in-progress"],
    ["done", ["pending"], "pending"],
    ["review", ["in-progress"], "review"],
    ["cancelled", ["done"], "cancelled"],
    ["in-progress", [], "in-progress"],
  ] as const)("%s with subtasks %j → %s", (current, subs, expected) => {
    expect(parentStatusFor(current, [...subs])).toBe(expected);
  });
});

describe("validate dependencies", () => {
  it("reports self, missing and cyclic edges, one edge per cycle", () => {
    const { g } = graph([{ ref: "1" }, { ref: "2" }, { ref: "3" }]);
    const edges = [
      { taskId: id("1"), dependsOnId: id("1") },
      { taskId: id("2"), dependsOnId: "id-ghost" },
      { taskId: id("2"), dependsOnId: id("3") },
      { taskId: id("3"), dependsOnId: id("2") },
    ];
    const issues = findDependencyIssues(g, edges);
    expect(issues.map((i) => [i.kind, i.taskRef, i.dependsOnRef])).toEqual([
      ["self", "1", "1"],
      ["missing", "2", "?id-ghost"],
      ["cycle", "3", "2"],
    ]);
  });

  it("reports a subtask depending on its parent", () => {
    const { g, edges } = graph([{ ref: "1" }, { ref: "1.1", deps: ["1"] }]);
    expect(findDependencyIssues(g, edges)).toMatchObject([{ kind: "cycle", taskRef: "1.1", dependsOnRef: "1" }]);
  });

  it("reports one closing edge per cycle, across separate cycles, and nothing outside them", () => {
    const { g, edges } = graph([
      { ref: "1" },
      { ref: "2", deps: ["1", "3"] },
      { ref: "3", deps: ["2"] },
      { ref: "4", deps: ["3"] },
      { ref: "5" },
      { ref: "5.1", deps: ["6"] },
      { ref: "6", deps: ["5"] },
      { ref: "7", deps: ["6", "4"] },
    ]);
    expect(findDependencyIssues(g, edges).map((i) => `${i.taskRef}->${i.dependsOnRef}`)).toEqual(["3->2", "6->5"]);
  });

  it("finds nothing wrong with a sound graph", () => {
    const { g, edges } = graph([{ ref: "1" }, { ref: "2", deps: ["1"] }, { ref: "2.1", deps: ["1"] }]);
    expect(findDependencyIssues(g, edges)).toEqual([]);
  });
});
