import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import type { TaskStatus } from "@/lib/validation/common";
import { loadTaskRows } from "./get-task";
import { childrenOf } from "./graph";
import { getProjectGraph } from "./project-graph";

export interface ComplexityEntryDto {
  ref: string;
  title: string;
  status: TaskStatus;
  complexityScore: number;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  reasoning: string | null;
  subtasks: number;
}

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
