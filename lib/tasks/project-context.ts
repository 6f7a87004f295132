import { summarizeProject } from "@/lib/ai/chat/summary";
import type { Actor } from "@/lib/auth/actor";
import { getProject } from "./projects";
import { getProjectGraph } from "./project-graph";

export interface ProjectContextDto {
  project: { id: string; name: string; slug: string };
  /** One line per task ("#ref [status] priority title ← prerequisites"), open work first when cut. */
  text: string;
  shown: number;
  total: number;
  tokens: number;
}

/**
 * A compact plan summary sized to the caller's token budget: what an agent reads once to know
 * the project (the planning chat gives its model the same summary).
 */
export async function getProjectContext(actor: Actor, projectId: string, budgetTokens: number): Promise<ProjectContextDto> {
  const project = await getProject(actor, projectId);
  const summary = summarizeProject(await getProjectGraph(projectId), project.name, budgetTokens);
  return { project: { id: project.id, name: project.name, slug: project.slug }, ...summary };
}
