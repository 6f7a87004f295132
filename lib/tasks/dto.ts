import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { blockersOf } from "./rules/status";
import { childrenOf, depsOf, type ProjectGraph } from "./rules/task-graph";
import { parseLabels } from "./plan-snapshot";
import { formatRef } from "./refs";

/** The columns a task DTO reads; services select exactly these. */
export const TASK_SELECT = {
  id: true,
  projectId: true,
  number: true,
  subNumber: true,
  parentId: true,
  title: true,
  description: true,
  details: true,
  testStrategy: true,
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
  version: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} as const;

export interface TaskRow {
  id: string;
  projectId: string;
  number: number;
  subNumber: number;
  parentId: string | null;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  status: string;
  priority: string;
  rank: string;
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  dueDate: Date | null;
  labels: string;
  source: string;
  externalRef: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface TaskLink {
  ref: string;
  title: string;
  status: TaskStatus;
}

export interface TaskDto {
  id: string;
  projectId: string;
  ref: string;
  parent: string | null;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  status: TaskStatus;
  priority: TaskPriority;
  rank: string;
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  dueDate: string | null;
  labels: string[];
  source: string;
  externalRef: string | null;
  /** Refs of the tasks this one depends on. */
  dependencies: string[];
  prerequisites: TaskLink[];
  blocked: boolean;
  /** Unresolved prerequisites (including the parent's) that keep this task blocked. */
  blockedBy: TaskLink[];
  subtasks: TaskLink[];
  /** Refs of tasks that depend on this one. */
  dependents: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export function toTaskDto(row: TaskRow, g: ProjectGraph): TaskDto {
  const link = (id: string): TaskLink => {
    const t = g.tasks.get(id)!;
    return { ref: t.ref, title: t.title, status: t.status };
  };
  const parent = row.parentId ? g.tasks.get(row.parentId) : undefined;
  const blockedBy = blockersOf(g, row.id).map(link);
  const prerequisites = depsOf(g, row.id).filter((d) => g.tasks.has(d)).map(link);
  return {
    id: row.id,
    projectId: row.projectId,
    ref: formatRef(row.number, row.subNumber),
    parent: parent?.ref ?? null,
    title: row.title,
    description: row.description,
    details: row.details,
    testStrategy: row.testStrategy,
    status: row.status as TaskStatus,
    priority: row.priority as TaskPriority,
    rank: row.rank,
    complexity: row.complexity,
    recommendedSubtasks: row.recommendedSubtasks,
    expansionPrompt: row.expansionPrompt,
    complexityReasoning: row.complexityReasoning,
    assignee: row.assignee,
    dueDate: row.dueDate?.toISOString() ?? null,
    labels: parseLabels(row.labels),
    source: row.source,
    externalRef: row.externalRef,
    dependencies: prerequisites.map((p) => p.ref),
    prerequisites,
    blocked: blockedBy.length > 0,
    blockedBy,
    subtasks: childrenOf(g, row.id).map(link),
    dependents: (g.dependents.get(row.id) ?? []).map((d) => g.tasks.get(d)?.ref).filter((r): r is string => !!r),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
