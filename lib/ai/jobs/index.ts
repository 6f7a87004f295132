import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { addTask } from "./add-task";
import { analyzeComplexity } from "./analyze-complexity";
import { expand } from "./expand";
import { parsePrd } from "./parse-prd";
import { updateTasks } from "./update";
import type { JobHooks } from "./types";

const JOBS: Record<string, (actor: Actor, projectId: string, raw: unknown, hooks: JobHooks) => Promise<unknown>> = {
  "parse-prd": parsePrd,
  expand,
  "analyze-complexity": analyzeComplexity,
  update: updateTasks,
  "add-task": addTask,
};

export function runAiJob(actor: Actor, projectId: string, job: string, raw: unknown, hooks: JobHooks) {
  const run = JOBS[job];
  if (!run) throw new AppError("not_found", `Unknown AI job "${job}". Available: ${Object.keys(JOBS).join(", ")}`);
  return run(actor, projectId, raw, hooks);
}
