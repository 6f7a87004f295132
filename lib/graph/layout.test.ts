import { describe, expect, it } from "vitest";
import { syntheticTasksJson } from "@/scripts/bench/synthetic";
import { FULL_LAYOUT_LIMIT, layoutGraph, NODE_HEIGHT, NODE_WIDTH, type GraphLayout, type LayoutEdge } from "./layout";

function synthetic(n: number) {
  const tm = syntheticTasksJson(n, Math.round(n * 1.5));
  return {
    ids: tm.master.tasks.map((t) => String(t.id)),
    edges: tm.master.tasks.flatMap((t) => t.dependencies.map((d) => ({ source: String(d), target: String(t.id) }))),
  };
}

/** Every prerequisite lies wholly left of its dependent, and no two nodes overlap. */
function expectSound(ids: string[], edges: LayoutEdge[], l: GraphLayout) {
  expect([...l.positions.keys()].sort()).toEqual([...ids].sort());
  for (const e of edges) {
    const s = l.positions.get(e.source)!;
    const t = l.positions.get(e.target)!;
    expect(s.x + NODE_WIDTH).toBeLessThan(t.x);
  }
  const boxes = ids.map((id) => l.positions.get(id)!).sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length && boxes[j]!.x < a.x + NODE_WIDTH; j++) {
      const b = boxes[j]!;
      expect(Math.abs(a.y - b.y) >= NODE_HEIGHT || Math.abs(a.x - b.x) >= NODE_WIDTH).toBe(true);
    }
  }
  for (const p of l.positions.values()) {
    expect(p.x).toBeGreaterThanOrEqual(0);
    expect(p.y).toBeGreaterThanOrEqual(0);
    expect(p.x + NODE_WIDTH).toBeLessThanOrEqual(l.width + 0.001);
    expect(p.y + NODE_HEIGHT).toBeLessThanOrEqual(l.height + 0.001);
  }
}

describe("layoutGraph", () => {
  it("lays a small plan out left to right, prerequisites first", () => {
    const ids = ["1", "2", "3", "4"];
    const edges = [
      { source: "1", target: "2" },
      { source: "1", target: "3" },
      { source: "2", target: "4" },
      { source: "3", target: "4" },
    ];
    const l = layoutGraph(ids, edges);
    expect(l.mode).toBe("full");
    expectSound(ids, edges, l);
    // 2 and 3 share a layer, one above the other.
    expect(l.positions.get("2")!.x).toBe(l.positions.get("3")!.x);
    expect(l.positions.get("2")!.y).not.toBe(l.positions.get("3")!.y);
  });

  it("routes an edge that skips layers between its ends, around the tasks in between", () => {
    const ids = ["1", "2", "3", "4"];
    const edges = [
      { source: "1", target: "2" },
      { source: "2", target: "3" },
      { source: "3", target: "4" },
      { source: "1", target: "4" },
    ];
    const l = layoutGraph(ids, edges);
    expect([...l.routes.keys()]).toEqual(["1>4"]);
    const route = l.routes.get("1>4")!;
    const from = l.positions.get("1")!;
    const to = l.positions.get("4")!;
    for (const p of route) {
      expect(p.x).toBeGreaterThan(from.x + NODE_WIDTH);
      expect(p.x).toBeLessThan(to.x);
    }
    // Beside 2 and 3, not through them.
    for (const id of ["2", "3"]) {
      const n = l.positions.get(id)!;
      const level = route.find((p) => p.x >= n.x && p.x <= n.x + NODE_WIDTH)!;
      expect(level.y < n.y || level.y > n.y + NODE_HEIGHT).toBe(true);
    }
  });

  it("puts tasks without any edge in a grid below, in plan order", () => {
    const l = layoutGraph(["1", "2", "3", "4", "5"], [{ source: "1", target: "2" }]);
    const below = l.positions.get("1")!.y + NODE_HEIGHT;
    const grid = ["3", "4", "5"].map((id) => l.positions.get(id)!);
    for (const p of grid) expect(p.y).toBeGreaterThan(below);
    expect(grid[0]!.x).toBe(0);
    expect(grid[1]!.x).toBeGreaterThan(grid[0]!.x);

    const only = layoutGraph(["1", "2", "3", "4", "5", "6", "7", "8", "9"], []);
    expect(only.mode).toBe("grid");
    // Nine tasks: rows of five (about √(2n)), so the block is wider than tall, like a screen.
    expect(only.positions.get("1")).toEqual({ x: 0, y: 0 });
    expect(only.positions.get("6")).toEqual({ x: 0, y: only.positions.get("1")!.y + NODE_HEIGHT + 24 });
    expectSound(["1", "2", "3", "4", "5", "6", "7", "8", "9"], [], only);
  });

  it("ignores edges to unknown nodes, self edges and duplicates", () => {
    const l = layoutGraph(
      ["1", "2"],
      [
        { source: "1", target: "2" },
        { source: "1", target: "2" },
        { source: "2", target: "2" },
        { source: "9", target: "1" },
      ],
    );
    expectSound(["1", "2"], [{ source: "1", target: "2" }], l);
  });

  it("handles an empty graph", () => {
    expect(layoutGraph([], [])).toEqual({ positions: new Map(), width: 0, height: 0, mode: "grid", routes: new Map() });
  });

  it("is deterministic", () => {
    const { ids, edges } = synthetic(120);
    const a = layoutGraph(ids, edges);
    const b = layoutGraph(ids, edges);
    expect([...a.positions]).toEqual([...b.positions]);
  });

  it(`keeps every edge pointing right on the fast path (more than ${FULL_LAYOUT_LIMIT} linked tasks)`, () => {
    const { ids, edges } = synthetic(1_000);
    const l = layoutGraph(ids, edges);
    expect(l.mode).toBe("fast");
    expectSound(ids, edges, l);
  });

  it("survives a cycle it should never be given", () => {
    const ids = Array.from({ length: FULL_LAYOUT_LIMIT + 10 }, (_, i) => String(i + 1));
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id }));
    edges.push({ source: ids.at(-1)!, target: "1" });
    const l = layoutGraph(ids, edges);
    expect(l.positions.size).toBe(ids.length);
  });

  it("lays the critical path of a big plan out as one row, and stays sound", () => {
    const { ids, edges } = synthetic(1_000);
    // A long chain through the plan: each link a real edge, prerequisite first.
    const succ = new Map<string, string[]>();
    for (const e of edges) succ.set(e.source, [...(succ.get(e.source) ?? []), e.target]);
    const chain = [edges[0]!.source];
    for (let next = succ.get(chain[0]!)?.[0]; next; next = succ.get(next)?.[0]) chain.push(next);
    expect(chain.length).toBeGreaterThan(4);
    const l = layoutGraph(ids, edges, chain);
    expect(l.mode).toBe("fast");
    expectSound(ids, edges, l);
    const rows = new Set(chain.map((ref) => l.positions.get(ref)!.y));
    expect(rows.size).toBe(1);
    const xs = chain.map((ref) => l.positions.get(ref)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});
