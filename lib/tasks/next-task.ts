import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import type { NextTaskDto } from "./types";
import { pickNextTask } from "./rules/pick-next-task";
import { taskDtoById } from "./get-task";
import { memoByRevision } from "./plan-snapshot";

export async function getNextTask(actor: Actor, projectId: string): Promise<NextTaskDto> {
  await authorizeProject(actor, projectId, "viewer");
  const { taskId, reason } = await memoByRevision(projectId, "next", pickNextTask);
  return { task: taskId ? await taskDtoById(projectId, taskId) : null, reason };
}
