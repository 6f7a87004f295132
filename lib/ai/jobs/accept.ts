import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { acceptAddTaskInput, acceptComplexityInput, acceptExpandInput, acceptUpdateInput } from "@/lib/validation/ai-jobs";
import { parseInput } from "@/lib/validation/parse";
import { applyNewTask } from "./add-task";
import { applyComplexity } from "./analyze-complexity";
import { applyExpansion } from "./expand";
import { acceptPlan } from "./parse-prd";
import { applyTaskUpdates } from "./update";

/**
 * Writes a draft the user reviewed in the UI (rather than re-running the model with apply):
 * what is written is exactly what they saw, in one transaction per job.
 */
export async function acceptDraft(actor: Actor, projectId: string, job: string, raw: unknown): Promise<unknown> {
  switch (job) {
    case "parse-prd":
      return acceptPlan(actor, projectId, raw);
    case "expand":
      return applyExpansion(actor, projectId, parseInput(acceptExpandInput, raw).drafts);
    case "analyze-complexity":
      return { applied: await applyComplexity(actor, projectId, parseInput(acceptComplexityInput, raw)) };
    case "update":
      return applyTaskUpdates(actor, projectId, parseInput(acceptUpdateInput, raw).tasks);
    case "add-task":
      return applyNewTask(actor, projectId, parseInput(acceptAddTaskInput, raw).draft);
    default:
      throw new AppError("not_found", `Unknown AI job "${job}"`);
  }
}
