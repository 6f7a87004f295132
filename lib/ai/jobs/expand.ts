import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction, type Tx } from "@/lib/db";
import { AppError, invalid } from "@/lib/errors";
import { expandInput } from "@/lib/validation/ai-jobs";
import { parseInput } from "@/lib/validation/parse";
import { insertTask } from "@/lib/tasks/create-task";
import type { TaskDto } from "@/lib/tasks/types";
import { loadTaskRow, taskDtoById } from "@/lib/tasks/get-task";
import { childrenOf, depsOf, type ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { removeTasks } from "@/lib/tasks/delete-task";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { formatRef } from "@/lib/tasks/refs";
import { taskIdOrThrow } from "@/lib/tasks/resolve";
import { jobMeta, runStructured } from "../engine";
import { routeJob } from "../routing";
import { EXPAND_SYSTEM, expandPrompt } from "../prompts/expand";
import { expandOutputSchema, normalizeSubtasks } from "../drafts/plan";
import { readAiSettings } from "../settings";
import type { ExpandAllResult, ExpandAllTaskReport, ExpandDraft, ExpandResult, JobHooks, RouteMeta } from "./types";

type ExpandInput = z.output<typeof expandInput>;

const DEFAULT_SUBTASKS = 5;
const formatSchema = z.toJSONSchema(expandOutputSchema) as Record<string, unknown>;

/**
 * Expand: the model drafts subtasks for one top-level task (or, with `all`, for every pending
 * top-level task without subtasks); `apply` writes them in one transaction.
 */
export async function expand(actor: Actor, projectId: string, raw: unknown, hooks: JobHooks = {}): Promise<ExpandResult | ExpandAllResult> {
  const input = parseInput(expandInput, raw);
  await authorizeProject(actor, projectId, "editor");
  return input.all ? expandAll(actor, projectId, input, hooks) : expandOne(actor, projectId, input, hooks);
}

function refuseSubtask(g: ProjectGraph, id: string) {
  const t = g.tasks.get(id)!;
  if (t.parentId) throw invalid(`ref: #${t.ref} is a subtask; only top-level tasks can be expanded`);
}

async function draftFor(
  projectId: string,
  actor: Actor,
  g: ProjectGraph,
  taskId: string,
  input: ExpandInput,
  hooks: JobHooks,
): Promise<{ draft: ExpandDraft; warnings: string[]; model: string; endpoint: string; cached: boolean } & RouteMeta> {
  const settings = await readAiSettings();
  const row = await loadTaskRow(db, taskId);
  const ref = formatRef(row.number, row.subNumber);
  const count = input.num ?? (row.recommendedSubtasks && row.recommendedSubtasks > 0 ? row.recommendedSubtasks : DEFAULT_SUBTASKS);
  const linkText = (id: string) => {
    const t = g.tasks.get(id)!;
    return `#${t.ref} ${t.title}`;
  };
  const existing = childrenOf(g, taskId).map(linkText);
  const prompt = expandPrompt(
    {
      ref,
      title: row.title,
      description: row.description,
      details: row.details,
      testStrategy: row.testStrategy,
      expansionPrompt: row.expansionPrompt,
    },
    {
      count,
      numCtx: settings.numCtx,
      prerequisites: depsOf(g, taskId)
        .filter((d) => g.tasks.has(d))
        .map(linkText),
      existing: input.mode === "append" ? existing : [],
      instruction: input.prompt,
    },
  );
  const result = await runStructured({
    job: "expand",
    ...routeJob(settings, "main", { kind: "complexity", score: row.complexity }),
    system: EXPAND_SYSTEM,
    prompt: prompt.text,
    schema: formatSchema,
    normalize: (v) => normalizeSubtasks(v, { maxSubtasks: count }),
    projectId,
    userId: actor.userId,
    fresh: input.fresh,
    ...hooks,
  });
  const warnings = [
    ...(prompt.truncated ? [`The details of #${ref} were longer than the model's context; only their beginning was used.`] : []),
    ...(row.status === "done" ? [`#${ref} is done; adding subtasks reopens it.`] : []),
    ...result.warnings,
  ];
  const removes = input.mode === "replace" ? childrenOf(g, taskId).map((id) => g.tasks.get(id)!.ref) : [];
  return {
    draft: { ref, title: row.title, mode: input.mode, count, removes, subtasks: result.value },
    warnings,
    ...jobMeta(result),
  };
}

async function expandOne(actor: Actor, projectId: string, input: ExpandInput, hooks: JobHooks): Promise<ExpandResult> {
  const g = await getProjectGraph(projectId);
  const taskId = taskIdOrThrow(g, input.ref!);
  refuseSubtask(g, taskId);
  const out: ExpandResult = await draftFor(projectId, actor, g, taskId, input, hooks);
  if (input.apply) {
    const written = await applyExpansion(actor, projectId, [out.draft]);
    out.applied = written.created;
    out.removed = written.removed;
  }
  return out;
}

// Failures that mean the model is not there (or the user stopped): no point trying the next task.
const stopsTheBatch = (e: unknown) => !(e instanceof AppError) || e.code !== "bad_gateway";

async function expandAll(actor: Actor, projectId: string, input: ExpandInput, hooks: JobHooks): Promise<ExpandAllResult> {
  const g = await getProjectGraph(projectId);
  const targets = g.ordered.filter((t) => !t.parentId && t.status === "pending" && childrenOf(g, t.id).length === 0);
  if (targets.length === 0) throw invalid("Nothing to expand: no pending top-level task is without subtasks.");
  const drafts: ExpandDraft[] = [];
  const tasks: ExpandAllTaskReport[] = [];
  const warnings: string[] = [];
  const models = new Set<string>();
  const endpoints = new Set<string>();
  const roles = new Set<string>();
  const reasons = new Set<string>();
  let external = false;
  let firstError: unknown = null;
  let allCached = true;
  for (const [i, t] of targets.entries()) {
    const step = { step: i + 1, steps: targets.length, refs: [t.ref] };
    try {
      const r = await draftFor(
        projectId,
        actor,
        g,
        t.id,
        { ...input, mode: "append" },
        {
          ...hooks,
          onPartial: hooks.onPartial && ((partial) => hooks.onPartial!({ ...step, partial })),
        },
      );
      drafts.push(r.draft);
      models.add(r.model);
      endpoints.add(r.endpoint);
      roles.add(r.role);
      reasons.add(`#${t.ref}: ${r.routedBecause}`);
      external ||= r.external;
      allCached &&= r.cached;
      warnings.push(...r.warnings.map((w) => `#${t.ref}: ${w}`));
      tasks.push({
        ref: t.ref,
        title: t.title,
        outcome: "drafted",
        subtasks: r.draft.subtasks.length,
        model: r.model,
        role: r.role,
        routedBecause: r.routedBecause,
        cached: r.cached,
        warnings: r.warnings,
        error: null,
      });
    } catch (e) {
      if (stopsTheBatch(e)) throw e;
      firstError ??= e;
      const err = e as AppError;
      // The job as a whole may still write the other tasks, so the engine's "nothing was written" would mislead.
      const message = err.message.replace(/\s*Nothing was written[^.]*\./, "").trim();
      warnings.push(`#${t.ref}: not expanded: ${message}`);
      tasks.push({
        ref: t.ref,
        title: t.title,
        outcome: "failed",
        subtasks: 0,
        model: null,
        role: null,
        routedBecause: null,
        cached: false,
        warnings: [],
        error: { code: err.code, message },
      });
    }
  }
  if (drafts.length === 0) throw firstError;
  const out: ExpandAllResult = {
    draft: drafts,
    tasks,
    warnings,
    model: [...models].join(", "),
    endpoint: [...endpoints].join(", "),
    cached: allCached,
    role: [...roles].join(", "),
    routedBecause: [...reasons].join("; "),
    external,
  };
  if (input.apply) out.applied = (await applyExpansion(actor, projectId, drafts)).created;
  return out;
}

/** Replace mode: the task's current subtasks go, through the domain's one deletion path. */
async function removeSubtasks(tx: Tx, actor: Actor, projectId: string, parentId: string): Promise<string[]> {
  const g = await getProjectGraph(projectId, tx);
  return (await removeTasks(tx, actor, projectId, [...childrenOf(g, parentId)])).deleted;
}

/**
 * Writes reviewed expansion drafts in one transaction. Replace mode deletes the task's current
 * subtasks first. Deleted refs are not reused: new subtasks continue the task's numbering, so
 * history and outside links never point at a different subtask.
 */
export async function applyExpansion(
  actor: Actor,
  projectId: string,
  drafts: ExpandDraft[],
): Promise<{ created: TaskDto[]; removed: string[] }> {
  await authorizeProject(actor, projectId, "editor");
  const { ids, removed } = await inTransaction(async (tx) => {
    const created: string[] = [];
    const removed: string[] = [];
    for (const draft of drafts) {
      const g = await getProjectGraph(projectId, tx);
      const parentId = taskIdOrThrow(g, draft.ref);
      refuseSubtask(g, parentId);
      if (draft.mode === "replace") removed.push(...(await removeSubtasks(tx, actor, projectId, parentId)));
      const refByDraft = new Map<number, string>();
      for (const s of draft.subtasks) {
        const id = await insertTask(
          tx,
          actor,
          projectId,
          {
            title: s.title,
            description: s.description,
            details: s.details,
            testStrategy: s.testStrategy,
            parent: draft.ref,
            dependencies: s.dependencies.map((d) => refByDraft.get(d)).filter((r): r is string => !!r),
          },
          { source: "ai" },
        );
        const row = await tx.task.findUniqueOrThrow({ where: { id }, select: { number: true, subNumber: true } });
        refByDraft.set(s.draftId, formatRef(row.number, row.subNumber));
        created.push(id);
      }
    }
    return { ids: created, removed };
  }, 60_000);
  return { created: await Promise.all(ids.map((id) => taskDtoById(projectId, id))), removed };
}
