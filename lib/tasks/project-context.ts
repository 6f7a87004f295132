import "server-only";
import { summarizeProject } from "@/lib/ai/chat/summary";
import type { Actor } from "@/lib/auth/actor";
import { getProject } from "./projects";
import { getProjectGraph } from "./plan-snapshot";
import type { ProjectContextDto } from "./types";

/**
 * A compact plan summary sized to the caller's token budget: what an agent reads once to know
 * the project (the planning chat gives its model the same summary).
 */
export async function getProjectContext(actor: Actor, projectId: string, budgetTokens: number): Promise<ProjectContextDto> {
  const project = await getProject(actor, projectId);
  const summary = summarizeProject(await getProjectGraph(projectId), project.name, budgetTokens);
  return { project: { id: project.id, name: project.name, slug: project.slug }, ...summary };
}
