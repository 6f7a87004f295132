// The dependency graph as the graph page and GET /graph see it: every task as a node, the
// prerequisite → dependent edges, the ready tasks and the critical path, memoised per revision.
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { graphQuery } from "@/lib/validation/graph";
import { parseInput } from "@/lib/validation/parse";
import { criticalPath, pathWeight } from "./rules/critical-path";
import { isBlocked, isOpenForWork, isReady } from "./rules/status";
import { dependentsOf, type ProjectGraph } from "./rules/task-graph";
import { withoutFinished } from "./graph-dto-filters";
import { memoByRevision } from "./plan-snapshot";
import { compareRefs } from "./refs";
import type { GraphNodeDto, GraphEdgeDto, DependencyGraphDto } from "./types";

export async function getDependencyGraph(actor: Actor, projectId: string, rawQuery: unknown = {}): Promise<DependencyGraphDto> {
  const query = parseInput(graphQuery, rawQuery);
  const role = await authorizeProject(actor, projectId, "viewer");
  // The memo is shared by every member; the role is added per caller.
  const dto = { ...(await memoByRevision(projectId, "dependency-graph", computeDependencyGraph)), role };
  return query.hideDone ? withoutFinished(dto) : dto;
}

export function computeDependencyGraph(g: ProjectGraph, revision: number): Omit<DependencyGraphDto, "role"> {
  const nodes: GraphNodeDto[] = [];
  const edges: GraphEdgeDto[] = [];
  const ready: string[] = [];
  for (const t of g.ordered) {
    const isReadyNow = isReady(g, t.id);
    nodes.push({
      ref: t.ref,
      title: t.title,
      status: t.status,
      priority: t.priority,
      complexity: t.complexity,
      parent: t.parentId ? (g.tasks.get(t.parentId)?.ref ?? null) : null,
      ready: isReadyNow,
      blocked: isOpenForWork(t.status) && isBlocked(g, t.id),
    });
    if (isReadyNow) ready.push(t.ref);
    const dependents = dependentsOf(g, t.id)
      .map((id) => g.tasks.get(id))
      .filter((d) => d !== undefined)
      .sort(compareRefs);
    for (const d of dependents) edges.push({ source: t.ref, target: d.ref });
  }
  const path = criticalPath(g).map((id) => g.tasks.get(id)!);
  return {
    revision,
    nodes,
    edges,
    ready,
    criticalPath: path.map((t) => t.ref),
    criticalWeight: path.reduce((sum, t) => sum + pathWeight(t), 0),
  };
}
