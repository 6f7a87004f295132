// What the task services return (lib/tasks): tasks, pages, notes, history, the plan's views.
import { z } from "zod";
import { role, TASK_STATUSES, taskPriority, taskStatus } from "@/lib/validation/common";
import { isoInstant, keyed, nullableInstant, personRef } from "./shared";

const ref = z.string().describe('A task ref: "12" for a task, "12.3" for a subtask');

export const taskLinkDto = z.strictObject({ ref, title: z.string(), status: taskStatus });

export const externalLinkDto = z.strictObject({
  kind: z.enum(["issue", "pull_request"]),
  repository: z.string().describe("owner/repo"),
  number: z.int(),
  title: z.string(),
  url: z.string(),
  state: z.enum(["open", "draft", "closed", "merged"]),
});

export const taskDto = z.strictObject({
  id: z.string(),
  projectId: z.string(),
  ref,
  parent: z.string().nullable().describe("The parent's ref for a subtask"),
  title: z.string(),
  description: z.string(),
  details: z.string(),
  testStrategy: z.string(),
  acceptanceCriteria: z.string().describe("What must hold for the task to count as done"),
  status: taskStatus,
  priority: taskPriority,
  rank: z.string().describe("Order within its board column (fractional index)"),
  complexity: z.int().nullable(),
  recommendedSubtasks: z.int().nullable(),
  expansionPrompt: z.string().nullable(),
  complexityReasoning: z.string().nullable(),
  assignee: z.string().nullable(),
  dueDate: nullableInstant,
  labels: z.array(z.string()),
  source: z.string().describe("manual, ai, import or github"),
  externalRef: z.string().nullable().describe('Where the task came from, e.g. "owner/repo#123" for a GitHub issue'),
  links: z.array(externalLinkDto).describe("The GitHub issue and pull requests linked to the task"),
  dependencies: z.array(z.string()).describe("Refs of the tasks this one depends on"),
  prerequisites: z.array(taskLinkDto),
  blocked: z.boolean(),
  blockedBy: z.array(taskLinkDto).describe("Unresolved prerequisites (including the parent's) that keep this task blocked"),
  subtasks: z.array(taskLinkDto),
  dependents: z.array(z.string()).describe("Refs of tasks that depend on this one"),
  version: z.int().describe("Send it back to guard an update against concurrent changes"),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  completedAt: nullableInstant,
});

export const taskPageDto = z.strictObject({
  tasks: z.array(taskDto),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last page"),
  total: z.int(),
});

export const taskHitDto = z.strictObject({
  projectId: z.string(),
  projectName: z.string(),
  ref,
  parent: z.string().nullable().describe("The parent's ref for a subtask"),
  title: z.string(),
  status: taskStatus,
  priority: taskPriority,
  assignee: z.string().nullable(),
  dueDate: nullableInstant,
  updatedAt: isoInstant,
});

export const taskHitsDto = z.strictObject({ tasks: z.array(taskHitDto) });

export const deletedTaskDto = z.strictObject({
  deleted: z.array(z.string()).describe("The task and its subtasks, by ref"),
  lostPrerequisite: z.array(taskLinkDto).describe("Tasks that depended on a deleted task and lost that prerequisite"),
});

export const noteDto = z.strictObject({ id: z.string(), body: z.string(), author: personRef, createdAt: isoInstant });

export const eventDto = z.strictObject({
  id: z.string(),
  kind: z.string(),
  taskRef: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: personRef,
  createdAt: isoInstant,
});

export const nextTaskDto = z.strictObject({ task: taskDto.nullable(), reason: z.string() });

const completion = z.strictObject({ done: z.int(), total: z.int(), percent: z.int() });
const overviewItem = z.strictObject({ ref, title: z.string(), status: taskStatus, priority: taskPriority });

export const overviewDto = z.strictObject({
  completion: z.strictObject({ tasks: completion, subtasks: completion }),
  counts: keyed(TASK_STATUSES, z.int()).describe("Top-level tasks per status"),
  next: z.strictObject({ task: overviewItem.extend({ version: z.int() }).nullable(), reason: z.string() }),
  ready: z.array(overviewItem),
  readyTotal: z.int(),
  blocked: z.array(taskLinkDto.extend({ blockedBy: z.array(taskLinkDto) })),
  blockedTotal: z.int(),
  mostDependedOn: z.array(taskLinkDto.extend({ dependents: z.int() })),
  cancelledPrerequisites: z.array(z.strictObject({ ref, title: z.string(), dependents: z.array(z.string()) })),
});

export const graphDto = z.strictObject({
  revision: z.int(),
  role,
  nodes: z.array(
    z.strictObject({
      ref,
      title: z.string(),
      status: taskStatus,
      priority: taskPriority,
      complexity: z.int().nullable(),
      parent: z.string().nullable(),
      ready: z.boolean(),
      blocked: z.boolean(),
    }),
  ),
  edges: z.array(
    z.strictObject({ source: z.string().describe("The prerequisite"), target: z.string().describe("The task that depends on it") }),
  ),
  ready: z.array(z.string()),
  criticalPath: z.array(z.string()),
  criticalWeight: z.number(),
});

export const boardDto = z.strictObject({
  revision: z.int(),
  role,
  cards: z.array(
    z.strictObject({
      ref,
      title: z.string(),
      status: taskStatus,
      priority: taskPriority,
      rank: z.string(),
      version: z.int(),
      blockedBy: z.array(taskLinkDto),
      subtasks: z.strictObject({ done: z.int(), total: z.int() }),
      complexity: z.int().nullable(),
      labels: z.array(z.string()),
      assignee: z.string().nullable(),
      dueDate: nullableInstant,
    }),
  ),
});

const dependencyIssue = z.strictObject({
  kind: z.enum(["self", "missing", "cycle"]),
  taskId: z.string(),
  dependsOnId: z.string(),
  taskRef: z.string(),
  dependsOnRef: z.string(),
  message: z.string(),
});

export const dependencyReportDto = z.strictObject({
  valid: z.boolean(),
  issues: z.array(dependencyIssue),
  counts: z.strictObject({ self: z.int(), missing: z.int(), cycle: z.int() }),
});

export const dependencyFixDto = dependencyReportDto.extend({
  removed: z.array(z.strictObject({ taskRef: z.string(), dependsOnRef: z.string(), reason: z.string() })),
});

const refTitle = z.strictObject({ ref: z.string(), title: z.string() });

export const importChangesDto = z
  .strictObject({
    created: z.array(refTitle).describe("Tasks in the file that the project does not have"),
    updated: z.array(refTitle.extend({ fields: z.array(z.string()).describe("The fields that differ") })),
    notInFile: z.array(refTitle).describe("The project's tasks the file no longer has: removed only with remove=true"),
    unchanged: z.int(),
  })
  .describe("What updating the matched project changes, task by task (matched on the Task Master id)");

const importedProjectFields = {
  tag: z.string().describe("The Task Master tag, kept as the project's tag and written back on export"),
  name: z.string(),
  tasks: z.int(),
  subtasks: z.int(),
  dependencies: z.int(),
  warnings: z.array(z.string()).describe("What was mapped, clipped or dropped"),
  match: z.strictObject({ id: z.string(), name: z.string() }).nullable().describe("A project you can edit that was imported from this tag"),
  action: z.enum(["create", "update"]),
  changes: importChangesDto.nullable(),
};

export const importedProjectDto = z.strictObject({
  id: z.string(),
  ...importedProjectFields,
  removed: z.array(z.string()).describe("Refs removed because the file no longer has them"),
});

export const importResultDto = z.strictObject({ mode: z.enum(["create", "update"]), projects: z.array(importedProjectDto) });

export const importPreviewDto = z.strictObject({
  mode: z.enum(["create", "update"]),
  projects: z.array(z.strictObject({ id: z.string().nullable().describe("null: a project would be created"), ...importedProjectFields })),
});

/** The tagged tasks.json Task Master reads: one tag per project. */
export const taskMasterFileDto = z.record(
  z.string(),
  z.looseObject({ tasks: z.array(z.looseObject({ id: z.int(), title: z.string() })), metadata: z.record(z.string(), z.unknown()) }),
);
