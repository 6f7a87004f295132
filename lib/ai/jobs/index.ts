import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { parsePrd } from "./parse-prd";

export interface JobHooks {
  onPartial?: (partial: unknown) => void;
  onModel?: (m: { endpoint: string; model: string }) => void;
  signal?: AbortSignal;
}

const JOBS: Record<string, (actor: Actor, projectId: string, raw: unknown, hooks: JobHooks) => Promise<unknown>> = {
  "parse-prd": parsePrd,
};

export function runAiJob(actor: Actor, projectId: string, job: string, raw: unknown, hooks: JobHooks) {
  const run = JOBS[job];
  if (!run) throw new AppError("not_found", `Unknown AI job "${job}". Available: ${Object.keys(JOBS).join(", ")}`);
  return run(actor, projectId, raw, hooks);
}
