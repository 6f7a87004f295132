// A per-process cache of each project's task graph, validated against Project.revision on
// every read (one indexed single-row query), so a write from any process invalidates it.
import "server-only";
import { db, onCommit, type Tx } from "@/lib/db";
import { sqlDate } from "@/lib/db-bulk";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { buildGraph, type GraphTask, type ProjectGraph } from "./rules/task-graph";
import { formatRef } from "./refs";
import { GRAPH_COLUMNS, parseLabels, type GraphRow } from "./task-row";

interface Cached {
  revision: number;
  graph: ProjectGraph;
}

const MAX_PROJECTS = 32;
const globalCache = globalThis as unknown as { cairnGraphCache?: Map<string, Cached> };
const cache = (globalCache.cairnGraphCache ??= new Map<string, Cached>());

export async function projectRevision(projectId: string, tx: Tx = db): Promise<number> {
  const rows = await tx.$queryRaw<{ revision: number }[]>`SELECT "revision" FROM "Project" WHERE "id" = ${projectId}`;
  const row = rows[0];
  if (!row) throw notFound("Project");
  return Number(row.revision);
}

export type GraphPatch = (g: ProjectGraph) => void;

/**
 * Marks the project changed; call inside the write's transaction, with a patch that makes the
 * same change to the cached graph. The patch is applied after commit, and only if the cache is
 * exactly one revision behind; otherwise (another writer, or no patch) the cache is dropped and
 * reloaded on the next read.
 */
export async function bumpRevision(projectId: string, tx: Tx, patch?: GraphPatch): Promise<number> {
  const rows = await tx.$queryRaw<
    { revision: number }[]
  >`UPDATE "Project" SET "revision" = "revision" + 1, "updatedAt" = ${sqlDate(new Date())} WHERE "id" = ${projectId} RETURNING "revision"`;
  const revision = Number(rows[0]?.revision ?? 0);
  onCommit(tx, () => {
    const hit = cache.get(projectId);
    if (!hit) return;
    if (!patch || hit.revision !== revision - 1) {
      cache.delete(projectId);
      return;
    }
    patch(hit.graph);
    hit.revision = revision;
  });
  return revision;
}

/** The graph node for a task row (what the cache keeps of it). */
export function graphNode(r: GraphRow): GraphTask {
  return {
    id: r.id,
    ref: formatRef(Number(r.number), Number(r.subNumber)),
    number: Number(r.number),
    subNumber: Number(r.subNumber),
    parentId: r.parentId,
    status: r.status as TaskStatus,
    priority: r.priority as TaskPriority,
    title: r.title,
    search: `${r.title}\n${r.description}`.toLowerCase(),
    labels: parseLabels(r.labels),
    assignee: r.assignee,
    complexity: r.complexity === null ? null : Number(r.complexity),
  };
}

/** Reads the graph from the database, bypassing the cache. */
export async function loadGraph(projectId: string, tx: Tx = db): Promise<ProjectGraph> {
  const [rows, edges] = await Promise.all([
    tx.$queryRaw<
      GraphRow[]
    >`SELECT ${Prisma.raw(GRAPH_COLUMNS.map((c) => `"${c}"`).join(", "))} FROM "Task" WHERE "projectId" = ${projectId}`,
    tx.$queryRaw<
      { taskId: string; dependsOnId: string }[]
    >`SELECT "taskId", "dependsOnId" FROM "TaskDependency" WHERE "projectId" = ${projectId}`,
  ]);
  return buildGraph(rows.map(graphNode), edges);
}

/**
 * The project's graph at its current revision. Inside a transaction pass `tx`: the revision is
 * then read in the same transaction, so the graph matches what the transaction sees — provided
 * every write bumps the revision before the graph is read again.
 */
export async function getProjectGraph(projectId: string, tx: Tx = db): Promise<ProjectGraph> {
  return (await getProjectSnapshot(projectId, tx)).graph;
}

/** The graph together with the revision it belongs to, from one revision read. */
export async function getProjectSnapshot(
  projectId: string,
  tx: Tx = db,
): Promise<{ revision: number; graph: ProjectGraph; /** false: the graph may be newer than `revision` */ exact?: false }> {
  const revision = await projectRevision(projectId, tx);
  const hit = cache.get(projectId);
  if (hit && hit.revision === revision) {
    // Refresh recency for the simple LRU below.
    cache.delete(projectId);
    cache.set(projectId, hit);
    return { revision, graph: hit.graph };
  }
  const graph = await loadGraph(projectId, tx);
  // A transaction's view may still roll back: only committed reads fill the cache.
  if (tx !== db) return { revision, graph };
  // Outside a transaction the revision and the graph are separate reads (on PostgreSQL, on
  // separate connections): a write committed in between, by this process or another instance,
  // would file a newer graph under the older revision, and this process's patch for that write
  // would then be applied to it a second time (a created task listed twice). Only a graph read
  // while the revision stood still is kept.
  if ((await projectRevision(projectId)) !== revision) return { revision, graph, exact: false };
  cache.set(projectId, { revision, graph });
  if (cache.size > MAX_PROJECTS) cache.delete(cache.keys().next().value!);
  return { revision, graph };
}

/** Per-revision memo for derived answers (next task, validation) that cost more than a lookup. */
const memo = new Map<string, { revision: number; value: unknown }>();
export async function memoByRevision<T>(projectId: string, key: string, compute: (graph: ProjectGraph, revision: number) => T): Promise<T> {
  const { revision, graph, exact } = await getProjectSnapshot(projectId);
  const k = `${projectId}:${key}`;
  const hit = memo.get(k);
  if (hit && hit.revision === revision) return hit.value as T;
  // Computed from the very graph the revision was read with, so the memo never files a newer
  // answer under an older revision (nor one from a graph that moved while it was read).
  const value = compute(graph, revision);
  if (exact === false) return value;
  memo.set(k, { revision, value });
  if (memo.size > MAX_PROJECTS * 4) memo.delete(memo.keys().next().value!);
  return value;
}
