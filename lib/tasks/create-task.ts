import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction, type Tx } from "@/lib/db";
import { AppError, invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import { createTaskInput } from "@/lib/validation/tasks";
import type { ExternalLinkDto, TaskDto } from "./types";
import { recordEvents, type EventInput } from "./events";
import { checkNewTaskDeps } from "./rules/dependency-checks";
import { addTaskNode, setTaskDeps } from "./rules/graph-patches";
import { taskDtoById } from "./get-task";
import { bumpRevision, getProjectGraph, graphNode } from "./plan-snapshot";
import { rankAtEnd } from "./ranks";
import { formatRef } from "./refs";
import { resolveDependencyRefs, taskIdOrThrow } from "./resolve";
import { syncParentStatus } from "./write-task";

export type CreateTaskData = z.output<typeof createTaskInput>;

export interface CreateOptions {
  source?: "manual" | "ai" | "import" | "github";
  externalRef?: string;
  /** The issue the task came from, and anything else linked from the start. */
  externalLinks?: ExternalLinkDto[];
  /** The outside text the task was made from (see GitHub sync). */
  externalSync?: string;
}

/** Inserts one task inside a caller's transaction (AI drafts accept many at once). */
export async function insertTask(
  tx: Tx,
  actor: Actor,
  projectId: string,
  input: CreateTaskData,
  opts: CreateOptions = {},
): Promise<string> {
  const g = await getProjectGraph(projectId, tx);
  let parentId: string | null = null;
  let number: number;
  let subNumber = 0;
  if (input.parent) {
    parentId = taskIdOrThrow(g, input.parent);
    if (g.tasks.get(parentId)!.parentId) {
      throw invalid(`parent: #${input.parent} is a subtask; subtasks cannot have subtasks`);
    }
    const parent = await tx.task.update({
      where: { id: parentId },
      data: { nextSubNumber: { increment: 1 } },
      select: { number: true, nextSubNumber: true },
    });
    number = parent.number;
    subNumber = parent.nextSubNumber - 1;
  } else {
    const project = await tx.project.update({
      where: { id: projectId },
      data: { nextNumber: { increment: 1 } },
      select: { nextNumber: true },
    });
    number = project.nextNumber - 1;
  }
  const ref = formatRef(number, subNumber);
  const depIds = resolveDependencyRefs(g, input.dependencies ?? []);
  const problem = checkNewTaskDeps(g, parentId, depIds, ref);
  if (problem) throw new AppError("invalid", problem.message, { cycle: "cycle" in problem ? problem.cycle : undefined });

  const status = input.status ?? "pending";
  const rank = await rankAtEnd(tx, projectId, parentId ? { parentId } : { status, parentId: null });
  const task = await tx.task.create({
    data: {
      projectId,
      number,
      subNumber,
      parentId,
      title: input.title,
      description: input.description ?? "",
      details: input.details ?? "",
      testStrategy: input.testStrategy ?? "",
      acceptanceCriteria: input.acceptanceCriteria ?? "",
      status,
      priority: input.priority ?? "medium",
      rank,
      complexity: input.complexity ?? null,
      recommendedSubtasks: input.recommendedSubtasks ?? null,
      expansionPrompt: input.expansionPrompt ?? null,
      complexityReasoning: input.complexityReasoning ?? null,
      assignee: input.assignee ?? null,
      dueDate: input.dueDate ?? null,
      labels: JSON.stringify(input.labels ?? []),
      source: opts.source ?? "manual",
      externalRef: opts.externalRef ?? null,
      externalLinks: JSON.stringify(opts.externalLinks ?? []),
      externalSync: opts.externalSync ?? null,
      completedAt: status === "done" ? new Date() : null,
    },
    select: { id: true },
  });
  if (depIds.length) {
    await tx.taskDependency.createMany({ data: depIds.map((d) => ({ projectId, taskId: task.id, dependsOnId: d })) });
  }
  const events: EventInput[] = [
    {
      projectId,
      taskId: task.id,
      taskRef: ref,
      actorId: actor.userId,
      kind: "created",
      newValue: input.title,
      field: "status",
      oldValue: null,
    },
    ...depIds.map((d): EventInput => ({
      projectId,
      taskId: task.id,
      taskRef: ref,
      actorId: actor.userId,
      kind: "dependency_added",
      field: "dependencies",
      newValue: g.tasks.get(d)!.ref,
    })),
  ];
  // The created event carries the initial status so history can replay status over time.
  events[0]!.newValue = { title: input.title, status };
  await recordEvents(tx, events);
  const node = graphNode({
    id: task.id,
    number,
    subNumber,
    parentId,
    status,
    priority: input.priority ?? "medium",
    title: input.title,
    description: input.description ?? "",
    labels: JSON.stringify(input.labels ?? []),
    assignee: input.assignee ?? null,
    complexity: input.complexity ?? null,
  });
  await bumpRevision(projectId, tx, (graph) => {
    addTaskNode(graph, node);
    setTaskDeps(graph, task.id, depIds);
  });
  if (parentId) await syncParentStatus(tx, { projectId, actorId: actor.userId }, parentId);
  return task.id;
}

export async function createTask(actor: Actor, projectId: string, raw: unknown, opts: CreateOptions = {}): Promise<TaskDto> {
  const input = parseInput(createTaskInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const id = await inTransaction((tx) => insertTask(tx, actor, projectId, input, opts));
  return taskDtoById(projectId, id);
}
