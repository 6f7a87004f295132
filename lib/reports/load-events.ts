import "server-only";
import { db, provider, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReportEvent } from "./stats";

type Row = Omit<ReportEvent, "at"> & { createdAt: string | Date | number };

const toMs = (v: string | Date | number): number => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(v));

// The order rows were written in: SQLite's rowid; on PostgreSQL the writing transaction (xmin,
// transactions take ids as they first write) and then the row's place in the table (ctid: rows of
// one INSERT are stored one after another).
const WRITE_ORDER = Prisma.raw(provider === "postgresql" ? `"xmin"::text::bigint, "ctid"` : "rowid");

/**
 * The history a report replays, oldest first: creations, imports, deletions, status and title
 * changes (dependency and note events do not move any figure). One indexed range read over
 * (projectId, createdAt); the write order (WRITE_ORDER) breaks ties between events written in the same millisecond,
 * so they replay in the order they were written. Events after the period are read too: a
 * task's "in progress since" on today's plan may be newer than the period's end.
 */
export async function loadReportEvents(projectId: string, tx: Tx = db): Promise<ReportEvent[]> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT "taskId", "taskRef", "kind", "field", "oldValue", "newValue", "createdAt" FROM "TaskEvent"
    WHERE "projectId" = ${projectId}
      AND ("kind" IN ('created', 'imported', 'deleted') OR ("kind" = 'updated' AND "field" IN ('status', 'title')))
    ORDER BY "createdAt", ${WRITE_ORDER}`;
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
