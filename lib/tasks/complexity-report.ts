import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { loadTaskRows } from "./get-task";
import { childrenOf } from "./rules/task-graph";
import { getProjectGraph } from "./plan-snapshot";
import type { ComplexityEntryDto } from "./types";

/**
 * Task Master's complexity report, read from the scores stored on the tasks (analysis writes
 * them there): highest score first.
 */
export async function getComplexityReport(actor: Actor, projectId: string): Promise<ComplexityEntryDto[]> {
  await authorizeProject(actor, projectId, "viewer");
  const g = await getProjectGraph(projectId);
  const scored = g.ordered.filter((t) => t.complexity !== null);
  const rows = new Map((await loadTaskRows(scored.map((t) => t.id))).map((r) => [r.id, r]));
  return scored
    .map((t) => {
      const r = rows.get(t.id);
      return {
        ref: t.ref,
        title: t.title,
        status: t.status,
        complexityScore: t.complexity!,
        recommendedSubtasks: r?.recommendedSubtasks ?? null,
        expansionPrompt: r?.expansionPrompt ?? null,
        reasoning: r?.complexityReasoning ?? null,
        subtasks: childrenOf(g, t.id).length,
      };
    })
    .sort((a, b) => b.complexityScore - a.complexityScore);
}
