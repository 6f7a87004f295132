import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction, type Tx } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { moveTaskInput } from "@/lib/validation/tasks";
import type { TaskRow } from "./task-row";
import type { TaskDto } from "./types";
import { loadTaskRow, taskDtoById } from "./get-task";
import { getProjectGraph } from "./plan-snapshot";
import { rankBetween } from "./ranks";
import { taskIdOrThrow } from "./resolve";
import { writeTaskChanges } from "./write-task";

/**
 * Moves a card: into a status column, right after `afterRef` (or right before `beforeRef`);
 * `afterRef: null` means the top of the column. Without either, a card that changes column goes
 * to its end. Subtasks are ordered among their siblings instead of in a column. Writes one task.
 */
export async function moveTask(actor: Actor, projectId: string, rawRef: unknown, raw: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const input = parseInput(moveTaskInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const id = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const task = await loadTaskRow(tx, taskId);
    const column = task.parentId ? { parentId: task.parentId } : { parentId: null, status: input.status };
    const neighbour = async (r: string | null | undefined): Promise<TaskRow | null> => {
      if (!r) return null;
      const nid = taskIdOrThrow(g, r);
      if (nid === taskId) throw invalid("A task cannot be placed next to itself");
      const row = await loadTaskRow(tx, nid);
      const same = task.parentId ? row.parentId === task.parentId : row.parentId === null && row.status === input.status;
      if (!same) throw invalid(`#${ref} can only be placed next to tasks in the same column`);
      return row;
    };
    let rank: string | undefined;
    if (input.afterRef !== undefined) {
      const after = await neighbour(input.afterRef);
      const next = await adjacent(tx, projectId, column, taskId, after?.rank ?? null, "next");
      rank = rankBetween(after?.rank ?? null, next);
    } else if (input.beforeRef) {
      const before = (await neighbour(input.beforeRef))!;
      const prev = await adjacent(tx, projectId, column, taskId, before.rank, "prev");
      rank = rankBetween(prev, before.rank);
    }
    await writeTaskChanges(
      tx,
      { projectId, actorId: actor.userId },
      task,
      { status: input.status, ...(rank ? { rank } : {}) },
      input.version,
    );
    return taskId;
  });
  return taskDtoById(projectId, id);
}

/** The rank of the card just after (or before) `rank` in the column, skipping the moving card. */
async function adjacent(
  tx: Tx,
  projectId: string,
  column: { parentId: string | null; status?: string },
  movingId: string,
  rank: string | null,
  dir: "next" | "prev",
): Promise<string | null> {
  const row = await tx.task.findFirst({
    where: {
      projectId,
      ...column,
      id: { not: movingId },
      ...(rank === null ? {} : { rank: dir === "next" ? { gt: rank } : { lt: rank } }),
    },
    orderBy: { rank: dir === "next" ? "asc" : "desc" },
    select: { rank: true },
  });
  return row?.rank ?? null;
}
