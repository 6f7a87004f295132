// The single path by which a task's own fields change: diff, optimistic lock, events,
// completion time, board column and the parent-follows-subtasks rule all live here.
import "server-only";
import type { Tx } from "@/lib/db";
import { conflict } from "@/lib/errors";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { toTaskDto } from "./dto";
import { taskSelect, type TaskRow } from "./task-row";
import { recordEvents, type EventInput } from "./events";
import { updateTaskNode } from "./rules/graph-patches";
import { parentStatusFor } from "./rules/status";
import { bumpRevision, getProjectGraph } from "./plan-snapshot";
import { rankAtEnd } from "./ranks";
import { formatRef } from "./refs";

export type TaskFieldChanges = Partial<{
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  acceptanceCriteria: string;
  status: TaskStatus;
  priority: string;
  rank: string;
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  dueDate: Date | null;
  labels: string[];
}>;

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.() : a === b;

export interface WriteContext {
  projectId: string;
  actorId: string | null;
}

/**
 * Applies changes to a task. Throws conflict (with the current task) when `expectedVersion`
 * is given and stale. Returns the updated row and whether anything changed.
 */
export async function writeTaskChanges(
  tx: Tx,
  ctx: WriteContext,
  before: TaskRow,
  changes: TaskFieldChanges,
  expectedVersion?: number,
): Promise<{ row: TaskRow; changed: boolean }> {
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    await throwConflict(tx, before.id, ctx.projectId);
  }
  const data: Record<string, unknown> = {};
  const events: EventInput[] = [];
  const ref = formatRef(before.number, before.subNumber);
  for (const [field, value] of Object.entries(changes) as [keyof TaskFieldChanges, unknown][]) {
    if (value === undefined) continue;
    const old = field === "labels" ? JSON.parse(before.labels) : before[field];
    const stored = field === "labels" ? JSON.stringify(value) : value;
    if (field === "labels" ? before.labels === stored : sameValue(old, value)) continue;
    data[field] = stored;
    // Rank changes are board bookkeeping, not history worth reading.
    if (field !== "rank") {
      events.push({
        projectId: ctx.projectId,
        taskId: before.id,
        taskRef: ref,
        actorId: ctx.actorId,
        kind: "updated",
        field,
        oldValue: old,
        newValue: value,
      });
    }
  }
  if (Object.keys(data).length === 0) return { row: before, changed: false };

  if (data.status !== undefined) {
    const status = data.status as TaskStatus;
    data.completedAt = status === "done" ? new Date() : null;
    // A top-level task whose status changes without an explicit rank goes to the end of its new column.
    // (An explicit rank can equal the old one — e.g. a card put back where it was — and still counts.)
    if (before.parentId === null && changes.rank === undefined) {
      data.rank = await rankAtEnd(tx, ctx.projectId, { status, parentId: null });
    }
  }
  const { count } = await tx.task.updateMany({
    where: { id: before.id, version: before.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) await throwConflict(tx, before.id, ctx.projectId);
  await recordEvents(tx, events);
  const title = (data.title as string | undefined) ?? before.title;
  const description = (data.description as string | undefined) ?? before.description;
  const fields = {
    title,
    search: `${title}\n${description}`.toLowerCase(),
    status: ((data.status as TaskStatus | undefined) ?? before.status) as TaskStatus,
    priority: ((data.priority as string | undefined) ?? before.priority) as TaskPriority,
    labels: JSON.parse((data.labels as string | undefined) ?? before.labels) as string[],
    assignee: data.assignee !== undefined ? (data.assignee as string | null) : before.assignee,
    complexity: data.complexity !== undefined ? (data.complexity as number | null) : before.complexity,
  };
  await bumpRevision(ctx.projectId, tx, (graph) => updateTaskNode(graph, before.id, fields));
  const row = (await tx.task.findUniqueOrThrow({ where: { id: before.id }, select: taskSelect })) as TaskRow;
  if (data.status !== undefined && row.parentId) await syncParentStatus(tx, ctx, row.parentId);
  return { row, changed: true };
}

async function throwConflict(tx: Tx, taskId: string, projectId: string): Promise<never> {
  const current = (await tx.task.findUnique({ where: { id: taskId }, select: taskSelect })) as TaskRow | null;
  const g = await getProjectGraph(projectId, tx);
  throw conflict("This task was changed by someone else. Review the current version and try again.", {
    current: current ? toTaskDto(current, g) : null,
  });
}

/** Parent follows its subtasks (parentStatusFor in rules/status.ts holds the rule). */
export async function syncParentStatus(tx: Tx, ctx: WriteContext, parentId: string): Promise<void> {
  const parent = (await tx.task.findUnique({ where: { id: parentId }, select: taskSelect })) as TaskRow | null;
  if (!parent) return;
  const subs = await tx.task.findMany({ where: { parentId }, select: { status: true } });
  const next = parentStatusFor(
    parent.status as TaskStatus,
    subs.map((s) => s.status as TaskStatus),
  );
  if (next !== parent.status) await writeTaskChanges(tx, ctx, parent, { status: next });
}
