import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import { listTasksQuery } from "@/lib/validation/tasks";
import { toTaskDto } from "./dto";
import type { TaskRow } from "./task-row";
import type { TaskPage } from "./types";
import { loadTaskRows } from "./get-task";
import { isBlocked, isReady } from "./rules/status";
import type { GraphTask, ProjectGraph } from "./rules/task-graph";
import { getProjectGraph } from "./plan-snapshot";
import { taskIdOrThrow } from "./resolve";

const encodeCursor = (t: GraphTask) => Buffer.from(`${t.number}.${t.subNumber}`).toString("base64url");
function decodeCursor(cursor: string): { number: number; subNumber: number } {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw invalid("cursor: not a cursor returned by this API");
  return { number: Number(m[1]), subNumber: Number(m[2]) };
}

export type TaskFilter = ReturnType<typeof listTasksQuery.parse>;

/** Filters run over the cached graph (all in memory); only the page's rows are read in full. */
export function filterTasks(g: ProjectGraph, q: Omit<TaskFilter, "limit" | "cursor">): GraphTask[] {
  const text = q.text?.trim().toLowerCase();
  const label = q.label?.trim().toLowerCase();
  const assignee = q.assignee?.trim().toLowerCase();
  const parentId = q.parent && q.parent !== "none" ? taskIdOrThrow(g, q.parent) : undefined;
  return g.ordered.filter(
    (t) =>
      (!q.status || q.status.includes(t.status)) &&
      (!q.priority || q.priority.includes(t.priority)) &&
      (q.parent === undefined || (q.parent === "none" ? t.parentId === null : t.parentId === parentId)) &&
      (!text || t.search.includes(text) || `#${t.ref}` === text || t.ref === text) &&
      (!label || t.labels.some((l) => l.toLowerCase() === label)) &&
      (!assignee || (t.assignee ?? "").toLowerCase() === assignee) &&
      (q.ready === undefined || isReady(g, t.id) === q.ready) &&
      (q.blocked === undefined || isBlocked(g, t.id) === q.blocked),
  );
}

export async function listTasks(actor: Actor, projectId: string, rawQuery: unknown): Promise<TaskPage> {
  const q = parseInput(listTasksQuery, rawQuery);
  await authorizeProject(actor, projectId, "viewer");
  const g = await getProjectGraph(projectId);
  const matched = filterTasks(g, q);
  let start = 0;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    start = matched.findIndex((t) => t.number > c.number || (t.number === c.number && t.subNumber > c.subNumber));
    if (start < 0) start = matched.length;
  }
  const page = matched.slice(start, start + q.limit);
  const rows = await loadTaskRows(page.map((t) => t.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const tasks = page
    .map((t) => byId.get(t.id))
    .filter((r): r is TaskRow => !!r)
    .map((r) => toTaskDto(r, g));
  const last = page[page.length - 1];
  return { tasks, nextCursor: last && start + q.limit < matched.length ? encodeCursor(last) : null, total: matched.length };
}
