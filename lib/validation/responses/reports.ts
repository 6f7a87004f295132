// What the report services return (lib/reports): saved reports and their figures.
import { z } from "zod";
import { taskPriority, taskStatus } from "@/lib/validation/common";
import { isoDay, isoInstant } from "./shared";

const reportTask = { ref: z.string(), title: z.string(), status: taskStatus };
const reportTaskDto = z.strictObject(reportTask);
const listed = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), total: z.int().describe("How many there are; items holds the first ones") });

const countFigures = z.strictObject({
  scopeAtStart: z.int(),
  doneAtStart: z.int(),
  scopeAtEnd: z.int(),
  doneAtEnd: z.int(),
  percentAtEnd: z.int(),
  completed: z.int().describe("Tasks finished in the period and still done at its end (each once)"),
  completions: z.int().describe("Every move to done in the period, repeats included"),
  reopened: z.int(),
  added: z.int(),
  imported: z.int(),
  deleted: z.int(),
  cancelled: z.int(),
});

export const reportStatsDto = z.strictObject({
  version: z.literal(1),
  generatedAt: isoInstant,
  period: z.strictObject({
    from: isoInstant,
    to: isoInstant,
    end: isoInstant.describe("The figures run to here: the period's end, or the moment of generation if that is earlier"),
    timeZone: z.string(),
    firstDay: isoDay,
    lastDay: isoDay,
    days: z.int(),
  }),
  tasks: countFigures,
  subtasks: countFigures,
  burnup: z.array(z.strictObject({ day: isoDay, scope: z.int(), done: z.int() })),
  throughput: z.array(z.strictObject({ week: z.string(), weekStart: isoDay, days: z.int(), tasks: z.int(), subtasks: z.int() })),
  done: listed(z.strictObject({ ...reportTask, completedAt: isoInstant, day: isoDay })),
  inProgress: listed(z.strictObject({ ...reportTask, since: isoInstant.nullable() })),
  blocked: listed(z.strictObject({ ...reportTask, blockedBy: z.array(reportTaskDto) })),
  next: z.strictObject({ task: z.strictObject({ ...reportTask, priority: taskPriority }).nullable(), reason: z.string() }),
  ready: listed(z.strictObject({ ...reportTask, priority: taskPriority })),
  risks: z.strictObject({
    complexityThreshold: z.int(),
    staleDays: z.int(),
    complex: listed(z.strictObject({ ...reportTask, complexity: z.int() })),
    stale: listed(z.strictObject({ ...reportTask, since: isoInstant, days: z.int() })),
    cancelledPrerequisites: listed(z.strictObject({ ref: z.string(), title: z.string(), dependents: z.array(reportTaskDto) })),
  }),
});

export const reportSummaryDto = z.strictObject({
  id: z.string(),
  periodFrom: isoInstant,
  periodTo: isoInstant,
  createdAt: isoInstant,
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  model: z.string().nullable().describe("The model that wrote the narrative, when there is one"),
  hasNarrative: z.boolean(),
});

export const reportDto = reportSummaryDto.extend({
  projectId: z.string(),
  markdown: z.string(),
  stats: reportStatsDto,
  narrative: z.string().nullable(),
  narrativeError: z.string().nullable().describe("Why a requested narrative is missing (the figures are complete regardless)"),
});
