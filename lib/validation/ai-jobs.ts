import { z } from "zod";
import { taskPriority, taskRef, text } from "./common";
import { TASK_LIMITS } from "./limits";

export const parsePrdInput = z.strictObject({
  prd: text.trim().min(20, "Paste a requirements document (at least a few sentences)").max(400_000),
  numTasks: z.number().int().min(1).max(100).optional(),
  mode: z.enum(["append", "replace"]).default("append"),
  apply: z.boolean().default(false),
  /** Ask the model again instead of answering from the response cache. */
  fresh: z.boolean().optional(),
});

/** A reviewed (possibly edited) plan draft the user accepts. */
export const applyPlanInput = z.strictObject({
  mode: z.enum(["append", "replace"]).default("append"),
  tasks: z
    .array(
      z.strictObject({
        draftId: z.number().int().min(1).max(10_000),
        title: text.trim().min(1, "Every task needs a title").max(TASK_LIMITS.title),
        description: text.max(TASK_LIMITS.description).default(""),
        details: text.max(TASK_LIMITS.details).default(""),
        testStrategy: text.max(TASK_LIMITS.testStrategy).default(""),
        priority: taskPriority.default("medium"),
        dependencies: z.array(z.number().int().min(1)).max(100).default([]),
      }),
    )
    .min(1, "Keep at least one task")
    .max(200),
});

// The jobs below act on existing tasks, addressed by ref ("12", "12.3", "#12" or 12).

/** A free-text steer for the model; blank means none. */
const extraInstruction = z
  .string()
  .trim()
  .max(10_000)
  .optional()
  .transform((s) => (s ? s : undefined));

export const expandInput = z
  .strictObject({
    ref: taskRef.optional(),
    /** Expand every pending top-level task that has no subtasks yet. */
    all: z.boolean().optional(),
    num: z.number().int().min(1).max(50).optional(),
    prompt: extraInstruction,
    mode: z.enum(["append", "replace"]).default("append"),
    apply: z.boolean().default(false),
    /** Ask the model again instead of answering from the response cache. */
    fresh: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.ref === undefined) === (v.all !== true)) {
      ctx.addIssue({ code: "custom", path: ["ref"], message: 'Give either a task ref or "all": true' });
    }
  });

export const analyzeComplexityInput = z.strictObject({
  refs: z.array(taskRef).min(1).max(500).optional(),
  threshold: z.number().int().min(1).max(10).optional(),
  apply: z.boolean().default(false),
});

export const updateTasksInput = z
  .strictObject({
    ref: taskRef.optional(),
    fromRef: taskRef.optional(),
    prompt: text.trim().min(3, "Say what should change").max(20_000),
    apply: z.boolean().default(false),
    /** With apply: only these refs from the draft are written (default: all of them). */
    accept: z.array(taskRef).max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.ref === undefined) === (v.fromRef === undefined)) {
      ctx.addIssue({ code: "custom", path: ["ref"], message: "Give exactly one of ref or fromRef" });
    }
  });

export const addTaskInput = z.strictObject({
  prompt: text.trim().min(3, "Describe the task to add").max(20_000),
  apply: z.boolean().default(false),
});

// Reviewed drafts the user accepts (possibly after editing); each job's apply step re-checks them.
const draftText = {
  description: text.max(TASK_LIMITS.description).default(""),
  details: text.max(TASK_LIMITS.details).default(""),
  testStrategy: text.max(TASK_LIMITS.testStrategy).default(""),
};
const priority = taskPriority;

export const acceptExpandInput = z.strictObject({
  drafts: z
    .array(
      z.strictObject({
        ref: taskRef,
        title: text.max(TASK_LIMITS.title),
        mode: z.enum(["append", "replace"]),
        count: z.number().int().min(0).max(50),
        removes: z.array(taskRef).max(200),
        subtasks: z
          .array(
            z.strictObject({
              draftId: z.number().int().min(1),
              title: text.trim().min(1).max(TASK_LIMITS.title),
              ...draftText,
              dependencies: z.array(z.number().int().min(1)).max(50).default([]),
            }),
          )
          .min(1)
          .max(50),
      }),
    )
    .min(1)
    .max(200),
});

export const acceptComplexityInput = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        ref: taskRef,
        title: text.max(TASK_LIMITS.title),
        complexityScore: z.number().int().min(1).max(TASK_LIMITS.complexity),
        recommendedSubtasks: z.number().int().min(0).max(TASK_LIMITS.recommendedSubtasks).nullable(),
        expansionPrompt: text.max(TASK_LIMITS.expansionPrompt),
        reasoning: text.max(TASK_LIMITS.complexityReasoning),
      }),
    )
    .min(1)
    .max(2_000),
  threshold: z.number().int().min(1).max(10).nullable(),
  aboveThreshold: z.array(taskRef).max(2_000),
});

const editable = { title: text.trim().min(1).max(TASK_LIMITS.title), ...draftText, priority };
export const acceptUpdateInput = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        ref: taskRef,
        version: z.number().int().positive(),
        before: z.strictObject(editable),
        after: z.strictObject(editable).partial(),
      }),
    )
    .min(1, "Accept at least one task")
    .max(500),
});

export const acceptAddTaskInput = z.strictObject({
  draft: z.strictObject({ ...editable, dependencies: z.array(taskRef).max(100).default([]) }),
});
