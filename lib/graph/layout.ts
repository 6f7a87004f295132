// Layered layout of the dependency graph with dagre: prerequisites to the left, dependents to
// the right. Pure (no React, no DOM), so the graph page and the benchmark run the same code.
import dagre, { type RankerFunction } from "@dagrejs/dagre";

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 76;
const NODE_GAP = 24;
const RANK_GAP = 88;
/** Space between the layered drawing and the grid of tasks without any dependency. */
const BLOCK_GAP = 64;

/**
 * Up to this many linked tasks dagre does everything itself: network-simplex ranking and its
 * crossing-reduction sweeps, with every edge. Both are superlinear and dominated by the dummy
 * nodes dagre threads along every edge that spans several layers, which made a 1,000-task plan
 * take over ten seconds. Above the limit the fast path below keeps the result layered and
 * readable in about a second.
 */
export const FULL_LAYOUT_LIMIT = 150;

/** Ends dagre's pipeline once the fast path has what it needs (see layoutGraph). */
const ORDERED = Symbol("ordered");

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface GraphLayout {
  /** Top-left corner of each node. */
  positions: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
  /** "full": dagre's own ranking and ordering; "fast": see layoutGraph. */
  mode: "full" | "fast" | "grid";
  /**
   * Full layouts only: the bends dagre routed an edge through ("source>target" → points between
   * the two nodes), so an edge that skips layers goes around the tasks in between, not under them.
   */
  routes: Map<string, { x: number; y: number }[]>;
}

/**
 * Positions for `ids` (in plan order) joined by `edges` (prerequisite → dependent). Tasks with no
 * edge at all go in a grid below the layered drawing, in plan order, instead of one endless
 * first column. Same input, same output: dagre is deterministic for a given insertion order.
 *
 * Large graphs (more than FULL_LAYOUT_LIMIT linked tasks) take a fast path: layers come from a
 * linear longest-path pass (each task one layer after its latest prerequisite; a task with more
 * dependents than prerequisites moves up to just before its first dependent), only edges that
 * span few layers are handed to dagre to order the layers (within a budget of dummy nodes), and
 * dagre skips its repeated crossing-reduction sweeps. Every edge is still drawn by the page;
 * the long ones are simply not routed around nodes.
 *
 * `chain` (the critical path, prerequisite first) is drawn as one visible line on the fast path:
 * its tasks share one row through the middle of every layer. (Small plans keep dagre's drawing,
 * where the path is picked out by colour alone.)
 */
export function layoutGraph(ids: readonly string[], edges: readonly LayoutEdge[], chain: readonly string[] = []): GraphLayout {
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const n = ids.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<string>();
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    const key = `${s}>${t}`;
    if (s === undefined || t === undefined || s === t || seen.has(key)) continue;
    seen.add(key);
    succ[s]!.push(t);
    pred[t]!.push(s);
  }
  const linked: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < n; i++) (succ[i]!.length || pred[i]!.length ? linked : alone).push(i);

  const positions = new Map<string, { x: number; y: number }>();
  const routes = new Map<string, { x: number; y: number }[]>();
  let width = 0;
  let height = 0;
  let mode: GraphLayout["mode"] = "grid";
  if (linked.length) {
    mode = linked.length <= FULL_LAYOUT_LIMIT ? "full" : "fast";
    const g = new dagre.graphlib.Graph();
    // dagre runs a function given as `ranker` (its typings list only the built-in names).
    const graphLabel: Record<string, unknown> = { rankdir: "LR", nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 0, marginy: 0 };
    let dagreEdges: [number, number][];
    let rank: Int32Array | null = null;
    if (mode === "full") {
      dagreEdges = linked.flatMap((s) => succ[s]!.map((t): [number, number] => [s, t]));
    } else {
      const layered = layers(linked, succ, pred, n, Math.ceil(Math.sqrt(2 * linked.length)));
      rank = layered;
      dagreEdges = shortEdges(linked, succ, layered, linked.length);
      // dagre doubles every edge's minimum length (room for edge labels), so layers are even.
      const ranks = new Map(linked.map((i) => [String(i), 2 * layered[i]!]));
      const ranker: RankerFunction = (lg) => {
        for (const v of lg.nodes()) lg.node(v).rank = ranks.get(v) ?? -2;
      };
      graphLabel.ranker = ranker;
    }
    g.setGraph(graphLabel);
    g.setDefaultEdgeLabel(() => ({}));
    for (const i of linked) g.setNode(String(i), { width: NODE_WIDTH, height: NODE_HEIGHT });
    for (const [s, t] of dagreEdges) g.setEdge(String(s), String(t));
    // Fast path: only dagre's order within each layer is used, so its own `customOrder` hook runs
    // the ordering (one pass, no repeated sweeps), keeps the result and ends the pipeline there;
    // coordinates (nearly half of dagre's time on a big plan) would be thrown away anyway.
    const orderOf = new Map<string, number>();
    if (mode === "fast") {
      try {
        dagre.layout(g, {
          customOrder: (lg, order) => {
            order(lg, { disableOptimalOrderHeuristic: true });
            for (const i of linked) orderOf.set(String(i), lg.node(String(i)).order ?? 0);
            throw ORDERED;
          },
        });
      } catch (e) {
        if (e !== ORDERED) throw e;
      }
    } else {
      dagre.layout(g);
    }
    const place = (i: number, x: number, y: number) => {
      positions.set(ids[i]!, { x, y });
      width = Math.max(width, x + NODE_WIDTH);
      height = Math.max(height, y + NODE_HEIGHT);
    };
    if (!rank) {
      for (const i of linked) {
        const p = g.node(String(i));
        place(i, (p.x ?? 0) - NODE_WIDTH / 2, (p.y ?? 0) - NODE_HEIGHT / 2);
      }
      for (const e of g.edges()) {
        // dagre's first and last points sit on the node borders; the page starts and ends each
        // edge at its handles, so only the bends in between are kept.
        const points = (g.edge(e).points ?? []).slice(1, -1);
        if (points.length > 1) routes.set(`${ids[Number(e.v)]}>${ids[Number(e.w)]}`, points);
      }
    } else {
      // dagre's coordinates drift into a wide, sparse staircase on big plans; its order within
      // each layer is kept and every layer is stacked, centred, instead.
      const byLayer: number[][] = [];
      for (const i of linked) (byLayer[rank[i]!] ??= []).push(i);
      let tallest = 0;
      for (const layer of byLayer) tallest = Math.max(tallest, layer?.length ?? 0);
      const onChain = new Set<number>();
      for (const ref of chain) {
        const i = index.get(ref);
        if (i !== undefined) onChain.add(i);
      }
      const step = NODE_HEIGHT + NODE_GAP;
      let x = 0;
      for (const layer of byLayer) {
        if (!layer) continue;
        layer.sort((a, b) => orderOf.get(String(a))! - orderOf.get(String(b))!);
        let top = ((tallest - layer.length) * step) / 2;
        // A critical task moves to the middle slot, and a layer with an even count shifts by
        // half a slot, so every critical task sits on the same row.
        const critical = layer.findIndex((i) => onChain.has(i));
        if (critical >= 0) {
          const [i] = layer.splice(critical, 1);
          layer.splice(Math.floor(layer.length / 2), 0, i!);
          if (layer.length % 2 === 0) top += step / 2;
        }
        layer.forEach((i, k) => place(i, x, top + k * step));
        x += NODE_WIDTH + RANK_GAP;
      }
    }
  }

  if (alone.length) {
    const fit = Math.floor((width + NODE_GAP) / (NODE_WIDTH + NODE_GAP));
    const columns = Math.min(alone.length, Math.max(fit, Math.ceil(Math.sqrt(alone.length * 2)), 1));
    const top = linked.length ? height + BLOCK_GAP : 0;
    alone.forEach((i, k) => {
      const x = (k % columns) * (NODE_WIDTH + NODE_GAP);
      const y = top + Math.floor(k / columns) * (NODE_HEIGHT + NODE_GAP);
      positions.set(ids[i]!, { x, y });
      width = Math.max(width, x + NODE_WIDTH);
      height = Math.max(height, y + NODE_HEIGHT);
    });
  }
  return { positions, width, height, mode, routes };
}

/**
 * Layers in O(V+E): each task one layer after its latest prerequisite, in topological order,
 * but never more than `width` tasks to a layer (a full layer pushes the task one further).
 * Then, from the last task back, a task with more dependents than prerequisites (a source,
 * typically) moves up to the last layer with room before its first dependent, which shortens
 * more edges than it stretches. A cycle (never stored, but the layout must not hang on one) is
 * cut where Kahn's order stops.
 */
function layers(linked: number[], succ: number[][], pred: number[][], n: number, width: number): Int32Array {
  const indegree = new Int32Array(n);
  for (const i of linked) indegree[i] = pred[i]!.length;
  const order: number[] = linked.filter((i) => indegree[i] === 0);
  for (let k = 0; k < order.length; k++) for (const t of succ[order[k]!]!) if (--indegree[t]! === 0) order.push(t);
  if (order.length < linked.length) {
    const placed = new Set(order);
    for (const i of linked) if (!placed.has(i)) order.push(i);
  }
  const position = new Int32Array(n);
  order.forEach((i, k) => (position[i] = k));
  const rank = new Int32Array(n);
  const fill: number[] = [];
  for (const i of order) {
    let r = 0;
    for (const p of pred[i]!) if (position[p]! < position[i]!) r = Math.max(r, rank[p]! + 1);
    while ((fill[r] ?? 0) >= width) r++;
    rank[i] = r;
    fill[r] = (fill[r] ?? 0) + 1;
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    const out = succ[i]!.filter((t) => position[t]! > k);
    if (out.length <= pred[i]!.length) continue;
    let r = Number.MAX_SAFE_INTEGER;
    for (const t of out) r = Math.min(r, rank[t]! - 1);
    while (r > rank[i]! && (fill[r] ?? 0) >= width) r--;
    if (r > rank[i]!) {
      fill[rank[i]!]!--;
      fill[r] = (fill[r] ?? 0) + 1;
      rank[i] = r;
    }
  }
  return rank;
}

/**
 * The edges dagre orders the layers by: every edge between neighbouring layers, then longer
 * ones, shortest first, while the dummy nodes they add stay within `budget`.
 */
function shortEdges(linked: number[], succ: number[][], rank: Int32Array, budget: number): [number, number][] {
  const all: [number, number, number][] = [];
  for (const s of linked) for (const t of succ[s]!) if (rank[t]! > rank[s]!) all.push([s, t, rank[t]! - rank[s]!]);
  all.sort((a, b) => a[2] - b[2] || a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  let used = 0;
  for (const [s, t, span] of all) {
    if (span > 1 && used + span - 1 > budget) break;
    used += span - 1;
    out.push([s, t]);
  }
  return out;
}
