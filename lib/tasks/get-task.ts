import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { placeholders } from "@/lib/db-bulk";
import { notFound } from "@/lib/errors";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { toTaskDto } from "./dto";
import { taskSelect, type TaskRow } from "./task-row";
import type { TaskDto } from "./types";
import { getProjectGraph } from "./plan-snapshot";
import { taskIdOrThrow } from "./resolve";

export async function loadTaskRow(tx: Tx, taskId: string): Promise<TaskRow> {
  const row = await tx.task.findUnique({ where: { id: taskId }, select: taskSelect });
  if (!row) throw notFound("Task");
  return row;
}

const COLUMNS = Object.keys(taskSelect)
  .map((c) => `"${c}"`)
  .join(", ");

/**
 * Many task rows by id in one raw query: Prisma's findMany costs ~3× more per row here, and the
 * list endpoint reads a page of rows on every request.
 */
export async function loadTaskRows(ids: string[], tx: Tx = db): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRawUnsafe<TaskRow[]>(`SELECT ${COLUMNS} FROM "Task" WHERE "id" IN (${placeholders(ids.length).join(",")})`, ...ids);
}

/** A task as its DTO, read after any write has committed. */
export async function taskDtoById(projectId: string, taskId: string, tx: Tx = db): Promise<TaskDto> {
  const [row, g, order] = await Promise.all([
    loadTaskRow(tx, taskId),
    getProjectGraph(projectId, tx),
    tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Task" WHERE "parentId" = ${taskId} ORDER BY "rank"`,
  ]);
  const dto = toTaskDto(row, g);
  // The graph keeps subtasks by number; the detail view shows them in the order the user set.
  const pos = new Map(order.map((o, i) => [g.tasks.get(o.id)?.ref, i]));
  dto.subtasks.sort((a, b) => (pos.get(a.ref) ?? 0) - (pos.get(b.ref) ?? 0));
  return dto;
}

export async function getTask(actor: Actor, projectId: string, rawRef: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  await authorizeProject(actor, projectId, "viewer");
  const g = await getProjectGraph(projectId);
  return taskDtoById(projectId, taskIdOrThrow(g, ref));
}
