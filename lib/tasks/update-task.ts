import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { updateTaskInput } from "@/lib/validation/tasks";
import { replaceDependencies } from "./dependencies";
import type { TaskDto } from "./dto";
import { loadTaskRow, taskDtoById } from "./get-task";
import { getProjectGraph } from "./project-graph";
import { taskIdOrThrow } from "./resolve";
import { writeTaskChanges } from "./write-task";

export async function updateTask(actor: Actor, projectId: string, rawRef: unknown, raw: unknown): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const { version, dependencies, ...changes } = parseInput(updateTaskInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const id = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const before = await loadTaskRow(tx, taskId);
    const ctx = { projectId, actorId: actor.userId };
    const { changed } = await writeTaskChanges(tx, ctx, before, changes, version);
    if (dependencies) {
      // The version was checked (and consumed) above; dependencies follow in the same transaction.
      await replaceDependencies(tx, ctx, taskId, dependencies, changed ? undefined : version);
    }
    return taskId;
  });
  return taskDtoById(projectId, id);
}
