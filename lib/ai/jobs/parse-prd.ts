import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { applyPlanInput, parsePrdInput } from "@/lib/validation/ai-jobs";
import { invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import { insertTask } from "@/lib/tasks/create-task";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { taskDtoById } from "@/lib/tasks/get-task";
import type { TaskDto } from "@/lib/tasks/types";
import { removeTasks } from "@/lib/tasks/delete-task";
import { jobMeta, runStructured } from "../engine";
import { PARSE_PRD_SYSTEM, parsePrdPrompt } from "../prompts/parse-prd";
import { normalizePlan, parsePrdOutputSchema, type PlanDraftTask } from "../drafts/plan";
import { readAiSettings } from "../settings";
import { estimateTokens, routeJob } from "../routing";
import type { JobHooks, ParsePrdResult } from "./types";

const formatSchema = z.toJSONSchema(parsePrdOutputSchema) as Record<string, unknown>;

/**
 * Parse PRD: the model drafts a plan; nothing is written unless `apply` is set, and then the
 * whole draft is written in one transaction (replace deletes the current plan in the same one).
 */
export async function parsePrd(actor: Actor, projectId: string, raw: unknown, hooks: JobHooks = {}): Promise<ParsePrdResult> {
  const input = parseInput(parsePrdInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const settings = await readAiSettings();
  const g = await getProjectGraph(projectId);
  const existing = input.mode === "append" ? g.ordered.filter((t) => !t.parentId).map((t) => `#${t.ref} ${t.title}`) : [];
  const prompt = parsePrdPrompt(input.prd, { numTasks: input.numTasks, numCtx: settings.numCtx, existing });
  const result = await runStructured({
    job: "parse-prd",
    ...routeJob(settings, "main", { kind: "prd", tokens: estimateTokens(input.prd) }),
    system: PARSE_PRD_SYSTEM,
    prompt: prompt.text,
    schema: formatSchema,
    normalize: (v) => normalizePlan(v, { maxTasks: input.numTasks ?? 100 }),
    projectId,
    userId: actor.userId,
    fresh: input.fresh,
    ...hooks,
  });
  const warnings = [
    ...(prompt.truncated ? ["The document was longer than the model's context; only its beginning was used."] : []),
    ...result.warnings,
  ];
  const out: ParsePrdResult = {
    draft: result.value,
    warnings,
    ...jobMeta(result),
    ...(result.cachedAt ? { cachedAt: result.cachedAt } : {}),
  };
  if (input.apply) out.applied = await applyPlan(actor, projectId, result.value, input.mode);
  return out;
}

/** The user accepts a reviewed (possibly edited) draft: dependencies may only point backwards. */
export async function acceptPlan(actor: Actor, projectId: string, raw: unknown): Promise<{ applied: TaskDto[] }> {
  const input = parseInput(applyPlanInput, raw);
  const order = new Map(input.tasks.map((t, i) => [t.draftId, i]));
  input.tasks.forEach((t, i) => {
    for (const d of t.dependencies) {
      const j = order.get(d);
      if (j === undefined || j >= i) throw invalid(`"${t.title}" depends on a task that is not earlier in the plan`);
    }
  });
  return { applied: await applyPlan(actor, projectId, input.tasks, input.mode) };
}

/** Writes a reviewed draft (from the model or edited by the user) in one transaction. */
export async function applyPlan(actor: Actor, projectId: string, draft: PlanDraftTask[], mode: "append" | "replace"): Promise<TaskDto[]> {
  await authorizeProject(actor, projectId, "editor");
  const ids = await inTransaction(async (tx) => {
    if (mode === "replace") {
      const g = await getProjectGraph(projectId, tx);
      await removeTasks(
        tx,
        actor,
        projectId,
        g.ordered.filter((t) => !t.parentId).map((t) => t.id),
      );
    }
    const refByDraft = new Map<number, string>();
    const created: string[] = [];
    for (const t of draft) {
      const id = await insertTask(
        tx,
        actor,
        projectId,
        {
          title: t.title,
          description: t.description,
          details: t.details,
          testStrategy: t.testStrategy,
          priority: t.priority,
          dependencies: t.dependencies.map((d) => refByDraft.get(d)).filter((r): r is string => !!r),
        },
        { source: "ai" },
      );
      const row = await tx.task.findUniqueOrThrow({ where: { id }, select: { number: true } });
      refByDraft.set(t.draftId, String(row.number));
      created.push(id);
    }
    return created;
  }, 60_000);
  return Promise.all(ids.map((id) => taskDtoById(projectId, id)));
}
