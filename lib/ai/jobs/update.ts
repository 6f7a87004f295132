import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import { updateTasksInput } from "@/lib/validation/ai-jobs";
import type { TaskPriority } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import type { TaskDto } from "@/lib/tasks/types";
import { loadTaskRow, taskDtoById } from "@/lib/tasks/get-task";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { formatRef, parseRef } from "@/lib/tasks/refs";
import { taskIdOrThrow } from "@/lib/tasks/resolve";
import { writeTaskChanges } from "@/lib/tasks/write-task";
import { UPDATE_SYSTEM, updateBatchSize, updatePrompt } from "../prompts/update";
import { EDITABLE_FIELDS, normalizeTaskEdits, updateOutputSchema, type EditableValues } from "../drafts/edits";
import { readAiSettings } from "../settings";
import { routeJob } from "../routing";
import { chunk, runStructuredBatches } from "./batches";
import type { JobHooks, TaskUpdateDraft, UpdateTasksResult } from "./types";

const formatSchema = z.toJSONSchema(updateOutputSchema) as Record<string, unknown>;

const ROW_SELECT = {
  id: true,
  number: true,
  subNumber: true,
  status: true,
  version: true,
  title: true,
  description: true,
  details: true,
  testStrategy: true,
  priority: true,
  complexity: true,
} as const;

/**
 * Update: the model rewrites one task, or every task from #fromRef on, after a change of plan.
 * Done tasks are never offered and never written; refs, dependencies and status are not the
 * model's to change. The draft is a per-task diff; `apply` writes the accepted refs.
 */
export async function updateTasks(actor: Actor, projectId: string, raw: unknown, hooks: JobHooks = {}): Promise<UpdateTasksResult> {
  const input = parseInput(updateTasksInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const g = await getProjectGraph(projectId);
  let ids: string[];
  if (input.ref !== undefined) {
    const id = taskIdOrThrow(g, input.ref);
    if (g.tasks.get(id)!.status === "done") throw invalid(`ref: #${input.ref} is done; done tasks are not changed`);
    ids = [id];
  } else {
    const from = parseRef(input.fromRef!);
    if (from.subNumber > 0) throw invalid(`fromRef: #${input.fromRef} is a subtask; give a top-level task`);
    if (!g.byRef.has(input.fromRef!)) throw notFound(`Task #${input.fromRef}`);
    ids = g.ordered.filter((t) => !t.parentId && t.number >= from.number && t.status !== "done").map((t) => t.id);
    if (ids.length === 0) throw invalid(`Nothing to update: every task from #${input.fromRef} on is done.`);
  }
  const doneRefs = g.ordered.filter((t) => t.status === "done").map((t) => t.ref);
  const rows = await db.task.findMany({
    where: { id: { in: ids } },
    select: ROW_SELECT,
    orderBy: [{ number: "asc" }, { subNumber: "asc" }],
  });
  const tasks = rows.map((r) => ({ ...r, ref: formatRef(r.number, r.subNumber) }));

  const settings = await readAiSettings();
  const size = updateBatchSize(settings.numCtx, input.prompt.length);
  const batches = chunk(tasks, size);

  const draft: TaskUpdateDraft[] = [];
  const warnings: string[] = [];
  const unchanged: string[] = [];
  const prompts = batches.map((batch) => updatePrompt(batch, input.prompt, settings.numCtx));
  const routed = await runStructuredBatches(
    batches,
    hooks,
    warnings,
    (batch, i) => {
      const refs = batch.map((t) => t.ref);
      const scores = batch.map((t) => t.complexity).filter((c): c is number => c !== null);
      const route = routeJob(settings, "fast", { kind: "complexity", score: scores.length ? Math.max(...scores) : null });
      return {
        job: "update",
        ...route,
        system: UPDATE_SYSTEM,
        prompt: prompts[i]!.text,
        schema: formatSchema,
        normalize: (v) => normalizeTaskEdits(v, { refs, doneRefs }),
        projectId,
        userId: actor.userId,
      };
    },
    (batch, result, i) => {
      const prompt = prompts[i]!;
      const edits = new Map(result.value.map((e) => [e.ref, e.changes]));
      for (const t of batch) {
        const before: EditableValues = {
          title: t.title,
          description: t.description,
          details: t.details,
          testStrategy: t.testStrategy,
          priority: t.priority as TaskPriority,
        };
        const changes = { ...edits.get(t.ref) };
        if (changes.details !== undefined && prompt.clipped.includes(t.ref)) {
          delete changes.details;
          warnings.push(`#${t.ref}: kept the details as they are (they were too long for the model to see in full)`);
        }
        const after: Partial<EditableValues> = {};
        for (const f of EDITABLE_FIELDS) {
          const v = changes[f];
          if (v !== undefined && v.trim() !== before[f].trim()) (after as Record<string, string>)[f] = v;
        }
        if (Object.keys(after).length === 0) unchanged.push(t.ref);
        else draft.push({ ref: t.ref, version: t.version, before, after });
      }
    },
  );
  if (unchanged.length > 0) {
    warnings.push(`No change proposed for ${unchanged.length === 1 ? "task" : "tasks"} ${unchanged.map((r) => `#${r}`).join(", ")}`);
  }

  const out: UpdateTasksResult = { draft, warnings, ...routed };
  if (input.apply) {
    const accept = input.accept ? new Set(input.accept) : null;
    if (accept) {
      const missing = [...accept].filter((r) => !draft.some((d) => d.ref === r));
      if (missing.length) warnings.push(`Nothing to accept for ${missing.map((r) => `#${r}`).join(", ")}: no change was proposed`);
    }
    const chosen = accept ? draft.filter((d) => accept.has(d.ref)) : draft;
    const applied = await applyTaskUpdates(actor, projectId, chosen);
    out.applied = applied.tasks;
    warnings.push(...applied.warnings);
  }
  return out;
}

/**
 * Writes reviewed task diffs in one transaction, each against the version it was computed on
 * (a task edited since gets 409 and nothing is written). A task that became done is skipped.
 */
export async function applyTaskUpdates(
  actor: Actor,
  projectId: string,
  draft: TaskUpdateDraft[],
): Promise<{ tasks: TaskDto[]; warnings: string[] }> {
  await authorizeProject(actor, projectId, "editor");
  const warnings: string[] = [];
  const ids = await inTransaction(async (tx) => {
    const ctx = { projectId, actorId: actor.userId };
    const written: string[] = [];
    for (const d of draft) {
      const g = await getProjectGraph(projectId, tx);
      const id = taskIdOrThrow(g, d.ref);
      const before = await loadTaskRow(tx, id);
      if (before.status === "done") {
        warnings.push(`#${d.ref} was marked done meanwhile; left it unchanged`);
        continue;
      }
      const changes: Partial<EditableValues> = {};
      for (const f of EDITABLE_FIELDS) if (d.after[f] !== undefined) (changes as Record<string, string>)[f] = d.after[f]!;
      await writeTaskChanges(tx, ctx, before, changes, d.version);
      written.push(id);
    }
    return written;
  }, 60_000);
  return { tasks: await Promise.all(ids.map((id) => taskDtoById(projectId, id))), warnings };
}
