import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { blockersOf } from "./rules/status";
import { childrenOf, depsOf, type ProjectGraph } from "./rules/task-graph";
import { formatRef } from "./refs";
import { parseExternalLinks, parseLabels, type TaskRow } from "./task-row";
import type { TaskDto, TaskLink } from "./types";

export function toTaskDto(row: TaskRow, g: ProjectGraph): TaskDto {
  const link = (id: string): TaskLink => {
    const t = g.tasks.get(id)!;
    return { ref: t.ref, title: t.title, status: t.status };
  };
  const parent = row.parentId ? g.tasks.get(row.parentId) : undefined;
  const blockedBy = blockersOf(g, row.id).map(link);
  const prerequisites = depsOf(g, row.id)
    .filter((d) => g.tasks.has(d))
    .map(link);
  return {
    id: row.id,
    projectId: row.projectId,
    ref: formatRef(row.number, row.subNumber),
    parent: parent?.ref ?? null,
    title: row.title,
    description: row.description,
    details: row.details,
    testStrategy: row.testStrategy,
    acceptanceCriteria: row.acceptanceCriteria,
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
    links: parseExternalLinks(row.externalLinks),
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
