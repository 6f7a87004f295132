import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { updateTaskInput } from "@/lib/validation/tasks";
import { replaceDependencies } from "./dependencies";
import type { TaskDto } from "./types";
import { loadTaskRow, taskDtoById } from "./get-task";
import { getProjectGraph } from "./plan-snapshot";
import { taskIdOrThrow } from "./resolve";
import { writeTaskChanges } from "./write-task";

export async function updateTask(actor: Actor, projectId: string, rawRef: unknown, raw: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const { version, dependencies, ...changes } = parseInput(updateTaskInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const id = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const ctx = { projectId, actorId: actor.userId };
    // Dependencies first: they read the graph, which is cheapest before this write moves the revision.
    const depsChanged = dependencies ? await replaceDependencies(tx, ctx, taskId, dependencies, version) : false;
    const before = await loadTaskRow(tx, taskId);
    await writeTaskChanges(tx, ctx, before, changes, depsChanged ? undefined : version);
    return taskId;
  });
  return taskDtoById(projectId, id);
}
