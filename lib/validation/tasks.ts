import { z } from "zod";
import { dueDate, labels, taskPriority, taskRef, taskStatus, TASK_STATUSES, TASK_PRIORITIES, boolFromQuery, text } from "./common";
import { TASK_LIMITS } from "./limits";

export const TITLE_MAX = TASK_LIMITS.title;

const taskFields = {
  title: text.trim().min(1, "Title is required").max(TITLE_MAX),
  description: text.max(TASK_LIMITS.description),
  details: text.max(TASK_LIMITS.details),
  testStrategy: text.max(TASK_LIMITS.testStrategy),
  acceptanceCriteria: text.max(TASK_LIMITS.acceptanceCriteria),
  status: taskStatus,
  priority: taskPriority,
  complexity: z.number().int().min(1).max(TASK_LIMITS.complexity).nullable(),
  recommendedSubtasks: z.number().int().min(0).max(TASK_LIMITS.recommendedSubtasks).nullable(),
  expansionPrompt: text.max(TASK_LIMITS.expansionPrompt).nullable(),
  complexityReasoning: text.max(TASK_LIMITS.complexityReasoning).nullable(),
  assignee: text.trim().max(TASK_LIMITS.assignee).nullable(),
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

export const updateTaskInput = z
  .strictObject(taskFields)
  .partial()
  .extend({
    /** Replaces the task's prerequisites with exactly these refs. */
    dependencies: z.array(taskRef).max(200).optional(),
    // Added to / removed from what the task has when the write happens, so concurrent clients
    // that send no version never overwrite each other's changes.
    addDependencies: z.array(taskRef).max(200).optional().describe("Prerequisites to add (kept if already there)"),
    removeDependencies: z.array(taskRef).max(200).optional().describe("Prerequisites to remove (ignored if not there)"),
    addLabels: labels.optional().describe("Labels to add (kept if already there)"),
    removeLabels: labels.optional().describe("Labels to remove (ignored if not there)"),
    /** The version the client read; stale → 409 with the current task. Or send it as If-Match. */
    version: z.number().int().positive().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.labels && (v.addLabels || v.removeLabels)) {
      ctx.addIssue({
        code: "custom",
        path: ["labels"],
        message: "Send either labels (to replace them) or addLabels/removeLabels, not both",
      });
    }
    if (v.dependencies && (v.addDependencies || v.removeDependencies)) {
      ctx.addIssue({
        code: "custom",
        path: ["dependencies"],
        message: "Send either dependencies (to replace them) or addDependencies/removeDependencies, not both",
      });
    }
  });
export type UpdateTaskInput = z.input<typeof updateTaskInput>;

export const deleteTaskQuery = z.strictObject({
  /** Answer what the delete would remove and who would lose a prerequisite, and change nothing. */
  dryRun: boolFromQuery.optional().describe("`true`: say what would be deleted and who would lose a prerequisite; delete nothing"),
});

/** An If-Match header carrying a task version: 12, "12" or W/"12"; * matches any version. */
export const ifMatchVersion = z
  .string()
  .trim()
  .max(100)
  .transform((s, ctx) => {
    if (s === "*") return undefined;
    const m = /^(?:W\/)?"?([1-9]\d{0,8})"?$/.exec(s);
    if (!m || !/^(W\/)?(".*"|[^"]*)$/.test(s)) {
      ctx.addIssue({ code: "custom", message: 'If-Match must be the task\'s version, e.g. "12"' });
      return z.NEVER;
    }
    return Number(m[1]);
  });

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

export const listTasksQuery = z.strictObject({
  status: csv(TASK_STATUSES).optional(),
  priority: csv(TASK_PRIORITIES).optional(),
  ready: boolFromQuery.optional(),
  blocked: boolFromQuery.optional(),
  text: text.max(200).optional(),
  label: text.max(50).optional(),
  assignee: text.max(200).optional(),
  /** "none" for top-level tasks only, or a ref for that task's subtasks. */
  parent: z.union([z.literal("none"), taskRef]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: text.max(100).optional(),
});
export type ListTasksQuery = z.input<typeof listTasksQuery>;

export const addDependencyInput = z.strictObject({ dependsOn: taskRef });

export const addNoteInput = z.strictObject({ body: text.trim().min(1, "A note needs text").max(TASK_LIMITS.note) });

export const moveTaskInput = z.strictObject({
  status: taskStatus,
  /** Place the task after this ref in the column (null: at the top). */
  afterRef: taskRef.nullable().optional(),
  /** Place the task before this ref in the column (null: at the bottom). */
  beforeRef: taskRef.nullable().optional(),
  version: z.number().int().positive().optional(),
});
