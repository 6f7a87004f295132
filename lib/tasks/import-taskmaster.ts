import "server-only";
import { randomUUID } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import type { Actor } from "@/lib/auth/actor";
import { requireScope, requireUnboundToken } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { bulkInsert } from "@/lib/db-bulk";
import { insertProject } from "./projects";
import { bumpRevision } from "./plan-snapshot";
import { formatRef } from "./refs";
import { normalizeTaskMasterFile, type NormalizedProject } from "./taskmaster/normalize";

export interface ImportedProject {
  id: string;
  tag: string;
  name: string;
  tasks: number;
  subtasks: number;
  dependencies: number;
  warnings: string[];
}

/**
 * Imports a Task Master tasks.json: each tag becomes a project, written in one transaction
 * (a bad file leaves nothing behind). Statuses are recorded as the file has them.
 */
export async function importTaskMaster(actor: Actor, raw: unknown): Promise<{ projects: ImportedProject[] }> {
  requireScope(actor, "write");
  requireUnboundToken(actor);
  const normalized = normalizeTaskMasterFile(raw);
  const projects = await inTransaction(async (tx) => {
    const out: ImportedProject[] = [];
    for (const np of normalized) out.push(await writeProject(tx, actor, np));
    return out;
  }, 120_000);
  return { projects };
}

async function writeProject(
  tx: Parameters<Parameters<typeof inTransaction>[0]>[0],
  actor: Actor,
  np: NormalizedProject,
): Promise<ImportedProject> {
  const maxNumber = np.tasks.reduce((m, t) => Math.max(m, t.number), 0);
  const project = await insertProject(tx, actor, { name: np.name, description: np.description, nextNumber: maxNumber + 1 });
  const idByRef = new Map<string, string>();
  for (const t of np.tasks) idByRef.set(formatRef(t.number, t.subNumber), randomUUID());

  // Ranks: top-level tasks per status column, subtasks per parent, in file order.
  const groups = new Map<string, string[]>();
  for (const t of np.tasks) {
    const key = t.subNumber === 0 ? `status:${t.status}` : `parent:${t.number}`;
    const list = groups.get(key) ?? [];
    list.push(formatRef(t.number, t.subNumber));
    groups.set(key, list);
  }
  const rankByRef = new Map<string, string>();
  for (const refs of groups.values()) {
    const keys = generateNKeysBetween(null, null, refs.length);
    refs.forEach((r, i) => rankByRef.set(r, keys[i]!));
  }
  const nextSub = new Map<number, number>();
  for (const t of np.tasks) if (t.subNumber > 0) nextSub.set(t.number, Math.max(nextSub.get(t.number) ?? 0, t.subNumber));

  const now = new Date();
  await bulkInsert(
    tx,
    "Task",
    np.tasks.map((t) => {
      const ref = formatRef(t.number, t.subNumber);
      return {
        id: idByRef.get(ref)!,
        projectId: project.id,
        number: t.number,
        subNumber: t.subNumber,
        parentId: t.subNumber > 0 ? idByRef.get(String(t.number))! : null,
        nextSubNumber: t.subNumber === 0 ? (nextSub.get(t.number) ?? 0) + 1 : 1,
        title: t.title,
        description: t.description,
        details: t.details,
        testStrategy: t.testStrategy,
        status: t.status,
        priority: t.priority,
        rank: rankByRef.get(ref)!,
        complexity: t.complexity,
        recommendedSubtasks: t.recommendedSubtasks,
        expansionPrompt: t.expansionPrompt,
        complexityReasoning: t.complexityReasoning,
        assignee: t.assignee,
        dueDate: t.dueDate ? new Date(t.dueDate) : null,
        labels: JSON.stringify(t.labels),
        source: "import",
        externalRef: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        completedAt: t.status === "done" ? now : null,
      };
    }),
  );
  const edges = np.tasks.flatMap((t) =>
    t.dependencies.map((d) => ({
      projectId: project.id,
      taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
      dependsOnId: idByRef.get(d)!,
      createdAt: now,
    })),
  );
  await bulkInsert(tx, "TaskDependency", edges);
  // The import is history too: reports replay statuses from these events.
  await bulkInsert(
    tx,
    "TaskEvent",
    np.tasks.map((t) => ({
      id: randomUUID(),
      projectId: project.id,
      taskId: idByRef.get(formatRef(t.number, t.subNumber))!,
      taskRef: formatRef(t.number, t.subNumber),
      actorId: actor.userId,
      kind: "imported",
      field: "status",
      oldValue: null,
      newValue: JSON.stringify({ title: t.title, status: t.status }),
      createdAt: now,
    })),
  );
  await bumpRevision(project.id, tx);
  return {
    id: project.id,
    tag: np.tag,
    name: np.name,
    tasks: np.tasks.filter((t) => t.subNumber === 0).length,
    subtasks: np.tasks.filter((t) => t.subNumber > 0).length,
    dependencies: edges.length,
    warnings: np.warnings,
  };
}
