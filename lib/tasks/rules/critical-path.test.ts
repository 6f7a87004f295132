import { describe, expect, it } from "vitest";
import { specGraph, type TaskSpec } from "@/lib/test/graph";
import { criticalPath, pathWeight } from "./critical-path";

type Spec = TaskSpec;
// Edges in reverse so no answer depends on the order they were stored in.
const graph = (specs: Spec[]) => specGraph(specs, { reverseEdges: true });
const refs = (ids: string[]) => ids.map((id) => id.replace(/^id-/, ""));
const path = (specs: Spec[]) => refs(criticalPath(graph(specs)));

/** 1 → 2 → 4 → 5, 1 → 3 → 4, 3 → 7; 6 stands alone. */
const diamond: Spec[] = [
  { ref: "1" },
  { ref: "2", deps: ["1"] },
  { ref: "3", deps: ["1"] },
  { ref: "4", deps: ["2", "3"] },
  { ref: "5", deps: ["4"] },
  { ref: "6" },
  { ref: "7", deps: ["3"] },
];

describe("criticalPath", () => {
  it("finds the longest chain of a crafted project, prerequisite first", () => {
    // Two four-task chains tie (through 2 or through 3): the one through the earlier task wins.
    expect(path(diamond)).toEqual(["1", "2", "4", "5"]);
  });

  it("weighs tasks by complexity where known, 1 otherwise", () => {
    // Through 3 now weighs 1+5+1+1 = 8 against 1+1+1+1 = 4.
    expect(path(diamond.map((s) => (s.ref === "3" ? { ...s, complexity: 5 } : s)))).toEqual(["1", "3", "4", "5"]);
    // A heavy side branch outweighs the long chain: 1+5+9 = 15 > 1+5+1+1 = 8.
    expect(path(diamond.map((s) => (s.ref === "3" ? { ...s, complexity: 5 } : s.ref === "7" ? { ...s, complexity: 9 } : s)))).toEqual([
      "1",
      "3",
      "7",
    ]);
    // One heavy task alone beats a chain of unscored ones.
    expect(path([...diamond, { ref: "8", complexity: 10 }])).toEqual(["8"]);
  });

  it("leaves out done and cancelled work, keeps deferred work", () => {
    expect(path(diamond.map((s) => (s.ref === "1" ? { ...s, status: "done" } : s)))).toEqual(["2", "4", "5"]);
    // Without 4 the longest open chain is the side branch 1 → 3 → 7.
    expect(path(diamond.map((s) => (s.ref === "4" ? { ...s, status: "cancelled" } : s)))).toEqual(["1", "3", "7"]);
    expect(path(diamond.map((s) => (s.ref === "5" ? { ...s, status: "deferred" } : s)))).toEqual(["1", "2", "4", "5"]);
  });

  it("does not bridge a chain broken by a done task", () => {
    const chain: Spec[] = [
      { ref: "1" },
      { ref: "2", deps: ["1"] },
      { ref: "3", deps: ["2"], status: "done" },
      { ref: "4", deps: ["3"] },
      { ref: "5", deps: ["4"] },
    ];
    // Two halves of equal weight: the earlier one.
    expect(path(chain)).toEqual(["1", "2"]);
    expect(path(chain.map((s) => (s.ref === "5" ? { ...s, complexity: 3 } : s)))).toEqual(["4", "5"]);
  });

  it("breaks ties by plan order, at the start and at every step", () => {
    // 4 ← 1 and 2 ← 3: equal chains; the one starting with the earlier task wins.
    expect(path([{ ref: "1" }, { ref: "2", deps: ["3"] }, { ref: "3" }, { ref: "4", deps: ["1"] }])).toEqual(["1", "4"]);
    // From 1 both 3 and 2 lead on with equal weight: 2, whichever order the edges came in.
    expect(path([{ ref: "1" }, { ref: "3", deps: ["1"] }, { ref: "2", deps: ["1"] }])).toEqual(["1", "2"]);
    // Unconnected tasks of equal weight: the first.
    expect(path([{ ref: "1" }, { ref: "2" }, { ref: "3" }])).toEqual(["1"]);
  });

  it("answers an empty list for an empty or finished project", () => {
    expect(path([])).toEqual([]);
    expect(
      path([
        { ref: "1", status: "done" },
        { ref: "2", status: "cancelled", deps: ["1"] },
      ]),
    ).toEqual([]);
  });

  it("treats subtasks as nodes joined only by explicit edges", () => {
    // 2.1 → 2.2 → 3 is explicit; the parent relation 2 / 2.x adds no edge.
    const specs: Spec[] = [
      { ref: "1" },
      { ref: "2", deps: ["1"] },
      { ref: "2.1" },
      { ref: "2.2", deps: ["2.1"] },
      { ref: "3", deps: ["2.2"] },
    ];
    expect(path(specs)).toEqual(["2.1", "2.2", "3"]);
  });

  it("skips tasks on a cycle that a corrupt database may hold", () => {
    const specs: Spec[] = [{ ref: "1", deps: ["2"] }, { ref: "2", deps: ["1"] }, { ref: "3" }, { ref: "4", deps: ["3"] }];
    expect(path(specs)).toEqual(["3", "4"]);
  });

  it("is linear: a 20,000-task chain with side branches answers at once", () => {
    const specs: Spec[] = [];
    for (let i = 1; i <= 20_000; i++) specs.push({ ref: String(i), deps: i > 1 ? [String(i - 1), ...(i > 3 ? [String(i - 3)] : [])] : [] });
    const g = graph(specs);
    const t0 = performance.now();
    const p = criticalPath(g);
    expect(p.length).toBe(20_000);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it("weights: the score when known, 1 otherwise", () => {
    const g = graph([{ ref: "1", complexity: 7 }, { ref: "2" }]);
    expect(pathWeight(g.tasks.get("id-1")!)).toBe(7);
    expect(pathWeight(g.tasks.get("id-2")!)).toBe(1);
  });
});
