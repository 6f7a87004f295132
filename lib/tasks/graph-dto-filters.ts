// Views of the dependency graph DTO: pure, shared by the service (?hideDone=1) and the graph
// page (its Hide done and Focus controls), so both leave out exactly the same things.
import type { DependencyGraphDto, GraphEdgeDto, GraphNodeDto } from "./types";
import { isResolved } from "./rules/status";

export interface GraphView {
  nodes: GraphNodeDto[];
  edges: GraphEdgeDto[];
}

export interface ViewOptions {
  /** Hide finished work: done and cancelled tasks. */
  hideDone?: boolean;
  /** Show only this task, everything it transitively depends on and everything that depends on it. */
  focus?: string | null;
}

/**
 * The focused task with its ancestors (prerequisites, transitively) and descendants (dependents,
 * transitively), over the explicit edges. Null when the ref is not in the graph.
 */
export function lineageOf(g: GraphView, ref: string): Set<string> | null {
  if (!g.nodes.some((n) => n.ref === ref)) return null;
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const e of g.edges) {
    (up.get(e.target) ?? up.set(e.target, []).get(e.target)!).push(e.source);
    (down.get(e.source) ?? down.set(e.source, []).get(e.source)!).push(e.target);
  }
  const keep = new Set([ref]);
  for (const links of [up, down]) {
    const stack = [ref];
    while (stack.length) {
      for (const r of links.get(stack.pop()!) ?? []) {
        if (!keep.has(r)) {
          keep.add(r);
          stack.push(r);
        }
      }
    }
  }
  return keep;
}

/**
 * The nodes and edges to show. Focus is worked out on the whole graph first, so a finished task
 * in the middle of a chain still links its two ends into the lineage before Hide done drops it.
 * An unknown focus ref shows everything (the page says the task is not in the graph).
 */
export function visibleGraph(g: GraphView, opts: ViewOptions): GraphView {
  const lineage = opts.focus ? lineageOf(g, opts.focus) : null;
  if (!lineage && !opts.hideDone) return g;
  const nodes = g.nodes.filter((n) => (!lineage || lineage.has(n.ref)) && !(opts.hideDone && isResolved(n.status)));
  const shown = new Set(nodes.map((n) => n.ref));
  return { nodes, edges: g.edges.filter((e) => shown.has(e.source) && shown.has(e.target)) };
}

export function withoutFinished(dto: DependencyGraphDto): DependencyGraphDto {
  return { ...dto, ...visibleGraph(dto, { hideDone: true }) };
}
