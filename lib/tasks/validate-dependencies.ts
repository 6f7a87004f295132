import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction, type Tx } from "@/lib/db";
import { recordEvents } from "./events";
import { findDependencyIssues, type DependencyIssue } from "./rules/dependency-checks";
import { setTaskDeps } from "./rules/graph-patches";
import { bumpRevision, getProjectGraph } from "./plan-snapshot";

/** Every edge as stored (raw: a project may hold tens of thousands). */
function readEdges(tx: Tx, projectId: string) {
  return tx.$queryRaw<
    { taskId: string; dependsOnId: string }[]
  >`SELECT "taskId", "dependsOnId" FROM "TaskDependency" WHERE "projectId" = ${projectId}`;
}

export interface ValidationReport {
  valid: boolean;
  issues: DependencyIssue[];
  counts: { self: number; missing: number; cycle: number };
}

function report(issues: DependencyIssue[]): ValidationReport {
  const counts = { self: 0, missing: 0, cycle: 0 };
  for (const i of issues) counts[i.kind]++;
  return { valid: issues.length === 0, issues, counts };
}

/** Task Master's validate-dependencies: self, missing and cyclic references. */
export async function validateDependencies(actor: Actor, projectId: string): Promise<ValidationReport> {
  await authorizeProject(actor, projectId, "viewer");
  const g = await getProjectGraph(projectId);
  // Edges are read raw: a damaged database may point at tasks the graph does not hold.
  const edges = await readEdges(db, projectId);
  return report(findDependencyIssues(g, edges));
}

export interface FixReport extends ValidationReport {
  removed: { taskRef: string; dependsOnRef: string; reason: string }[];
}

/** Task Master's fix-dependencies: removes every reported edge and says what it removed. */
export async function fixDependencies(actor: Actor, projectId: string): Promise<FixReport> {
  await authorizeProject(actor, projectId, "editor");
  return inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const edges = await readEdges(tx, projectId);
    const issues = findDependencyIssues(g, edges);
    const removed: FixReport["removed"] = [];
    for (const issue of issues) {
      await tx.taskDependency.delete({ where: { taskId_dependsOnId: { taskId: issue.taskId, dependsOnId: issue.dependsOnId } } });
      removed.push({ taskRef: issue.taskRef, dependsOnRef: issue.dependsOnRef, reason: issue.message });
    }
    if (removed.length) {
      await recordEvents(
        tx,
        removed.map((r) => ({
          projectId,
          taskId: g.byRef.get(r.taskRef) ?? null,
          taskRef: r.taskRef,
          actorId: actor.userId,
          kind: "dependency_removed" as const,
          field: "dependencies",
          oldValue: r.dependsOnRef,
        })),
      );
      await bumpRevision(projectId, tx, (graph) => {
        for (const issue of issues) {
          const rest = (graph.deps.get(issue.taskId) ?? []).filter((d) => d !== issue.dependsOnId);
          setTaskDeps(graph, issue.taskId, rest);
        }
      });
    }
    return { ...report(issues), removed };
  });
}
