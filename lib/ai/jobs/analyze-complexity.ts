import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { analyzeComplexityInput } from "@/lib/validation/ai-jobs";
import { parseInput } from "@/lib/validation/parse";
import type { TaskDto } from "@/lib/tasks/types";
import { loadTaskRow, taskDtoById } from "@/lib/tasks/get-task";
import { isResolved } from "@/lib/tasks/rules/status";
import { childrenOf, depsOf } from "@/lib/tasks/rules/task-graph";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { formatRef, parseRef } from "@/lib/tasks/refs";
import { taskIdOrThrow } from "@/lib/tasks/resolve";
import { writeTaskChanges } from "@/lib/tasks/write-task";
import { COMPLEXITY_SYSTEM, complexityBatchSize, complexityPrompt, type ComplexityPromptTask } from "../prompts/complexity";
import { complexityOutputSchema, normalizeComplexity } from "../drafts/complexity";
import { readAiSettings } from "../settings";
import { routeJob } from "../routing";
import { chunk, runStructuredBatches } from "./batches";
import type { AnalyzeComplexityResult, ComplexityReport, ComplexityReportEntry, JobHooks } from "./types";

const formatSchema = z.toJSONSchema(complexityOutputSchema) as Record<string, unknown>;

/**
 * Analyse complexity: scores the given tasks (or every open top-level task), in as many model
 * calls as the context needs; `apply` stores each score on its task, with history events.
 */
export async function analyzeComplexity(
  actor: Actor,
  projectId: string,
  raw: unknown,
  hooks: JobHooks = {},
): Promise<AnalyzeComplexityResult> {
  const input = parseInput(analyzeComplexityInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const g = await getProjectGraph(projectId);
  let ids: string[];
  if (input.refs) {
    ids = [...new Set(input.refs.map((r) => taskIdOrThrow(g, r)))];
    const sub = ids.map((id) => g.tasks.get(id)!).find((t) => t.parentId);
    if (sub) throw invalid(`refs: #${sub.ref} is a subtask; complexity is analysed for top-level tasks`);
  } else {
    ids = g.ordered.filter((t) => !t.parentId && !isResolved(t.status)).map((t) => t.id);
    if (ids.length === 0) throw invalid("Nothing to analyse: the project has no open top-level tasks.");
  }
  const rows = await db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, number: true, subNumber: true, title: true, description: true, details: true },
    orderBy: { number: "asc" },
  });
  const tasks: ComplexityPromptTask[] = rows.map((r) => ({
    ref: formatRef(r.number, r.subNumber),
    title: r.title,
    description: r.description,
    details: r.details,
    dependencies: depsOf(g, r.id)
      .map((d) => g.tasks.get(d)?.ref)
      .filter((x): x is string => !!x),
    subtasks: childrenOf(g, r.id).length,
  }));

  const settings = await readAiSettings();
  const size = complexityBatchSize(settings.numCtx);
  const batches = chunk(tasks, size);

  const entries: ComplexityReportEntry[] = [];
  const warnings: string[] = [];
  let clipped = false;
  const route = routeJob(settings, "main", { kind: "analysis", wholeProject: !input.refs });
  const routed = await runStructuredBatches(
    batches,
    hooks,
    warnings,
    (batch) => {
      const refs = batch.map((t) => t.ref);
      const prompt = complexityPrompt(batch, settings.numCtx);
      clipped ||= prompt.truncated;
      return {
        job: "analyze-complexity",
        ...route,
        system: COMPLEXITY_SYSTEM,
        prompt: prompt.text,
        schema: formatSchema,
        normalize: (v) => normalizeComplexity(v, refs),
        projectId,
        userId: actor.userId,
      };
    },
    (batch, result) => {
      const titles = new Map(batch.map((t) => [t.ref, t.title]));
      for (const e of result.value) {
        entries.push({
          ref: e.taskRef,
          title: titles.get(e.taskRef) ?? "",
          complexityScore: e.complexityScore,
          recommendedSubtasks: e.recommendedSubtasks,
          expansionPrompt: e.expansionPrompt,
          reasoning: e.reasoning,
        });
      }
    },
  );
  if (clipped) warnings.unshift("Some task details were longer than the model's context allows; only their beginning was used.");

  const order = (ref: string) => parseRef(ref).number;
  entries.sort((a, b) => b.complexityScore - a.complexityScore || order(a.ref) - order(b.ref));
  const threshold = input.threshold ?? null;
  const draft: ComplexityReport = {
    tasks: entries,
    threshold,
    aboveThreshold: threshold === null ? [] : entries.filter((e) => e.complexityScore >= threshold).map((e) => e.ref),
  };
  const out: AnalyzeComplexityResult = { draft, warnings, ...routed };
  if (input.apply) out.applied = await applyComplexity(actor, projectId, draft);
  return out;
}

/**
 * Stores a reviewed report on its tasks in one transaction. The analysis replaces the previous
 * one as a whole, so a part the model left out is cleared rather than left stale.
 */
export async function applyComplexity(actor: Actor, projectId: string, report: ComplexityReport): Promise<TaskDto[]> {
  await authorizeProject(actor, projectId, "editor");
  const ids = await inTransaction(async (tx) => {
    const ctx = { projectId, actorId: actor.userId };
    const written: string[] = [];
    for (const e of report.tasks) {
      const g = await getProjectGraph(projectId, tx);
      const id = taskIdOrThrow(g, e.ref);
      const before = await loadTaskRow(tx, id);
      await writeTaskChanges(tx, ctx, before, {
        complexity: e.complexityScore,
        recommendedSubtasks: e.recommendedSubtasks,
        expansionPrompt: e.expansionPrompt || null,
        complexityReasoning: e.reasoning || null,
      });
      written.push(id);
    }
    return written;
  }, 60_000);
  return Promise.all(ids.map((id) => taskDtoById(projectId, id)));
}
