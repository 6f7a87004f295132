// The task row as the services read it: one select, the row type Prisma derives from it, the
// columns the plan snapshot keeps, and how the stored labels read.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExternalLinkDto } from "./types";

/** The columns a task DTO reads; services select exactly these. */
export const taskSelect = {
  id: true,
  projectId: true,
  number: true,
  subNumber: true,
  parentId: true,
  title: true,
  description: true,
  details: true,
  testStrategy: true,
  acceptanceCriteria: true,
  status: true,
  priority: true,
  rank: true,
  complexity: true,
  recommendedSubtasks: true,
  expansionPrompt: true,
  complexityReasoning: true,
  assignee: true,
  dueDate: true,
  labels: true,
  source: true,
  externalRef: true,
  externalLinks: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} as const satisfies Prisma.TaskSelect;

/** A task row as `taskSelect` reads it. */
export type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

/** The columns the plan snapshot keeps of each task (see graphNode in plan-snapshot.ts). */
export const GRAPH_COLUMNS = [
  "id",
  "number",
  "subNumber",
  "parentId",
  "status",
  "priority",
  "title",
  "description",
  "labels",
  "assignee",
  "complexity",
] as const satisfies readonly (keyof TaskRow)[];

export type GraphRow = Pick<TaskRow, (typeof GRAPH_COLUMNS)[number]>;

export function parseExternalLinks(raw: string): ExternalLinkDto[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? (v as ExternalLinkDto[]) : [];
  } catch {
    return [];
  }
}

export function parseLabels(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
