import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import type { BoardCard, BoardDto } from "./types";
import { blockersOf } from "./rules/status";
import { childrenOf } from "./rules/task-graph";
import { getProjectSnapshot, projectRevision } from "./plan-snapshot";

export async function getBoard(actor: Actor, projectId: string): Promise<BoardDto> {
  const role = await authorizeProject(actor, projectId, "viewer");
  const { revision, graph: g } = await getProjectSnapshot(projectId);
  // Rank, version and due date are not in the graph; one narrow raw read covers every card. Ranks
  // are unique within a column, not across columns: the number settles ties, the same on every database.
  const rows = await db.$queryRaw<{ id: string; rank: string; version: number; dueDate: Date | null }[]>`
    SELECT "id", "rank", "version", "dueDate" FROM "Task" WHERE "projectId" = ${projectId} AND "parentId" IS NULL ORDER BY "rank", "number"`;
  const cards: BoardCard[] = [];
  for (const r of rows) {
    const t = g.tasks.get(r.id);
    if (!t) continue;
    const kids = childrenOf(g, t.id);
    cards.push({
      ref: t.ref,
      title: t.title,
      status: t.status,
      priority: t.priority,
      rank: r.rank,
      version: Number(r.version),
      blockedBy: blockersOf(g, t.id).map((b) => {
        const bt = g.tasks.get(b)!;
        return { ref: bt.ref, title: bt.title, status: bt.status };
      }),
      subtasks: { done: kids.filter((k) => g.tasks.get(k)!.status === "done").length, total: kids.length },
      complexity: t.complexity,
      labels: t.labels,
      assignee: t.assignee,
      dueDate: r.dueDate ? new Date(r.dueDate).toISOString() : null,
    });
  }
  return { revision, role, cards };
}

/** The project's revision, for live updates: a change means someone wrote to the plan. */
export async function getRevision(actor: Actor, projectId: string): Promise<number> {
  await authorizeProject(actor, projectId, "viewer");
  return projectRevision(projectId);
}
