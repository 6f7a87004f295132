import { z } from "zod";
import { dueDate, labels, taskPriority, taskRef, taskStatus, TASK_STATUSES, TASK_PRIORITIES, boolFromQuery } from "./common";
import { TASK_LIMITS } from "./limits";

export const TITLE_MAX = TASK_LIMITS.title;

const taskFields = {
  title: z.string().trim().min(1, "Title is required").max(TITLE_MAX),
  description: z.string().max(TASK_LIMITS.description),
  details: z.string().max(TASK_LIMITS.details),
  testStrategy: z.string().max(TASK_LIMITS.testStrategy),
  status: taskStatus,
  priority: taskPriority,
  complexity: z.number().int().min(1).max(TASK_LIMITS.complexity).nullable(),
  recommendedSubtasks: z.number().int().min(0).max(TASK_LIMITS.recommendedSubtasks).nullable(),
  expansionPrompt: z.string().max(TASK_LIMITS.expansionPrompt).nullable(),
  complexityReasoning: z.string().max(TASK_LIMITS.complexityReasoning).nullable(),
  assignee: z.string().trim().max(TASK_LIMITS.assignee).nullable(),
  dueDate,
  labels,
};

// One list of fields: create requires a title, update takes any subset plus the version it read.
export const createTaskInput = z
  .strictObject(taskFields)
  .partial()
  .required({ title: true })
  .extend({ dependencies: z.array(taskRef).max(200).optional(), parent: taskRef.optional() });
export type CreateTaskInput = z.input<typeof createTaskInput>;

export const updateTaskInput = z.strictObject(taskFields).partial().extend({
  /** Replaces the task's prerequisites with exactly these refs. */
  dependencies: z.array(taskRef).max(200).optional(),
  version: z.number().int().positive().optional(),
});
export type UpdateTaskInput = z.input<typeof updateTaskInput>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const listTasksQuery = z.strictObject({
  status: csv(TASK_STATUSES).optional(),
  priority: csv(TASK_PRIORITIES).optional(),
  ready: boolFromQuery.optional(),
  blocked: boolFromQuery.optional(),
  text: z.string().max(200).optional(),
  label: z.string().max(50).optional(),
  assignee: z.string().max(200).optional(),
  /** "none" for top-level tasks only, or a ref for that task's subtasks. */
  parent: z.union([z.literal("none"), taskRef]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});
export type ListTasksQuery = z.input<typeof listTasksQuery>;

export const addDependencyInput = z.strictObject({ dependsOn: taskRef });

export const addNoteInput = z.strictObject({ body: z.string().trim().min(1, "A note needs text").max(TASK_LIMITS.note) });

export const moveTaskInput = z.strictObject({
  status: taskStatus,
  /** Place the task after this ref in the column (null: at the top). */
  afterRef: taskRef.nullable().optional(),
  /** Place the task before this ref in the column (null: at the bottom). */
  beforeRef: taskRef.nullable().optional(),
  version: z.number().int().positive().optional(),
});
