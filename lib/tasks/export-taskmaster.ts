import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { toTaskDto } from "./dto";
import { taskSelect } from "./task-row";
import { getProjectGraph } from "./plan-snapshot";
import { compareRefs } from "./refs";
import { toTaskMasterFile, uniqueTag } from "./taskmaster/export-format";
import { parseKeep, parseExtra } from "./taskmaster/stored";

/**
 * The project as a tagged Task Master tasks.json that the task-master CLI reads: under the tag it
 * was imported from (or one made from its name), with the fields Cairn has no column for as the
 * imported file had them.
 */
export async function exportTaskMaster(actor: Actor, projectId: string) {
  await authorizeProject(actor, projectId, "viewer");
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project) throw notFound("Project");
  const [rows, g] = await Promise.all([
    db.task.findMany({ where: { projectId }, select: { ...taskSelect, tmExtra: true } }),
    getProjectGraph(projectId),
  ]);
  const tasks = rows.sort(compareRefs).map((r) => {
    const t = toTaskDto(r, g);
    return {
      number: r.number,
      subNumber: r.subNumber,
      title: t.title,
      description: t.description,
      details: t.details,
      testStrategy: t.testStrategy,
      acceptanceCriteria: t.acceptanceCriteria,
      status: t.status,
      priority: t.priority,
      dependencies: t.dependencies,
      complexity: t.complexity,
      recommendedSubtasks: t.recommendedSubtasks,
      expansionPrompt: t.expansionPrompt,
      complexityReasoning: t.complexityReasoning,
      assignee: t.assignee,
      dueDate: t.dueDate,
      labels: t.labels,
      extra: parseExtra(r.tmExtra),
    };
  });
  const tag = project.tmTag ?? uniqueTag(project.name, new Set());
  return {
    filename: `${uniqueTag(tag, new Set())}-tasks.json`,
    file: toTaskMasterFile([
      {
        tag,
        name: project.name,
        description: project.description,
        createdAt: project.createdAt.toISOString(),
        updatedAt: project.updatedAt.toISOString(),
        tasks,
        keep: parseKeep(project.tmMeta),
      },
    ]),
  };
}
