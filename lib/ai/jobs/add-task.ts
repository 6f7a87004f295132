import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { addTaskInput } from "@/lib/validation/ai-jobs";
import { parseInput } from "@/lib/validation/parse";
import { insertTask } from "@/lib/tasks/create-task";
import type { TaskDto } from "@/lib/tasks/types";
import { taskDtoById } from "@/lib/tasks/get-task";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { jobMeta, runStructured } from "../engine";
import { ADD_TASK_SYSTEM, addTaskPrompt } from "../prompts/add-task";
import { newTaskSchema, normalizeNewTask, type NewTaskDraft } from "../drafts/edits";
import { readAiSettings } from "../settings";
import type { AddTaskResult, JobHooks } from "./types";

const formatSchema = z.toJSONSchema(newTaskSchema) as Record<string, unknown>;

/**
 * Add task: the model writes one new task from a short request and suggests prerequisites
 * among the existing tasks; `apply` creates it.
 */
export async function addTask(actor: Actor, projectId: string, raw: unknown, hooks: JobHooks = {}): Promise<AddTaskResult> {
  const input = parseInput(addTaskInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const settings = await readAiSettings();
  const g = await getProjectGraph(projectId);
  const topLevel = g.ordered.filter((t) => !t.parentId).map((t) => ({ ref: t.ref, title: t.title, status: t.status }));
  const prompt = addTaskPrompt(input.prompt, topLevel, settings.numCtx);
  const result = await runStructured({
    job: "add-task",
    role: "fast",
    system: ADD_TASK_SYSTEM,
    prompt: prompt.text,
    schema: formatSchema,
    normalize: (v) => normalizeNewTask(v, { existing: g.ordered.map((t) => ({ ref: t.ref, title: t.title })) }),
    projectId,
    userId: actor.userId,
    ...hooks,
  });
  const warnings = [
    ...(prompt.shown < topLevel.length
      ? [`The project has more tasks than fit the model's context; it saw the ${prompt.shown} most related of ${topLevel.length}.`]
      : []),
    ...result.warnings,
  ];
  const out: AddTaskResult = { draft: result.value, warnings, ...jobMeta(result) };
  if (input.apply) {
    const applied = await applyNewTask(actor, projectId, result.value);
    out.applied = applied.task;
    warnings.push(...applied.warnings);
  }
  return out;
}

/**
 * Creates a reviewed new task. Dependencies that no longer exist are dropped with a warning
 * rather than failing the whole task.
 */
export async function applyNewTask(actor: Actor, projectId: string, draft: NewTaskDraft): Promise<{ task: TaskDto; warnings: string[] }> {
  await authorizeProject(actor, projectId, "editor");
  const warnings: string[] = [];
  const id = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    // A new top-level task has no dependents yet, so no choice of prerequisites can close a
    // cycle: only whether they still exist needs checking (the draft may be older than the plan).
    const dependencies: string[] = [];
    for (const ref of draft.dependencies) {
      if (!g.byRef.has(ref)) {
        warnings.push(`Dropped the dependency on #${ref}: that task no longer exists`);
        continue;
      }
      dependencies.push(ref);
    }
    return insertTask(
      tx,
      actor,
      projectId,
      {
        title: draft.title,
        description: draft.description,
        details: draft.details,
        testStrategy: draft.testStrategy,
        priority: draft.priority,
        dependencies,
      },
      { source: "ai" },
    );
  });
  return { task: await taskDtoById(projectId, id), warnings };
}
