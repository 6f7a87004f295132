import "server-only";
import { db, type Tx } from "@/lib/db";
import type { ReportEvent } from "./stats";

type Row = Omit<ReportEvent, "at"> & { createdAt: string | Date | number };

const toMs = (v: string | Date | number): number => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(v));

/**
 * The history a report replays, oldest first: creations, imports, deletions, status and title
 * changes (dependency and note events do not move any figure). One indexed range read over
 * (projectId, createdAt); rowid breaks ties between events written in the same millisecond,
 * so they replay in the order they were written. Events after the period are read too: a
 * task's "in progress since" on today's plan may be newer than the period's end.
 */
export async function loadReportEvents(projectId: string, tx: Tx = db): Promise<ReportEvent[]> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT taskId, taskRef, kind, field, oldValue, newValue, createdAt FROM TaskEvent
    WHERE projectId = ${projectId}
      AND (kind IN ('created', 'imported', 'deleted') OR (kind = 'updated' AND field IN ('status', 'title')))
    ORDER BY createdAt, rowid`;
  return rows.map((r) => ({
    taskId: r.taskId,
    taskRef: r.taskRef,
    kind: r.kind,
    field: r.field,
    oldValue: r.oldValue,
    newValue: r.newValue,
    at: toMs(r.createdAt),
  }));
}
