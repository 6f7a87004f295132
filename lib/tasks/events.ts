import "server-only";
import type { Tx } from "@/lib/db";

export type EventKind = "created" | "updated" | "deleted" | "dependency_added" | "dependency_removed" | "note_added" | "imported";

export interface EventInput {
  projectId: string;
  taskId: string | null;
  taskRef: string | null;
  actorId: string | null;
  kind: EventKind;
  field?: string;
  oldValue?: unknown;
  newValue?: unknown;
}

const encode = (v: unknown): string | null =>
  v === undefined || v === null ? null : typeof v === "string" ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);

/** Every change is recorded: who, what field, old → new, when. Reports read these. */
export async function recordEvents(tx: Tx, events: EventInput[], at = new Date()): Promise<void> {
  if (events.length === 0) return;
  await tx.taskEvent.createMany({
    data: events.map((e) => ({
      projectId: e.projectId,
      taskId: e.taskId,
      taskRef: e.taskRef,
      actorId: e.actorId,
      kind: e.kind,
      field: e.field ?? null,
      oldValue: encode(e.oldValue),
      newValue: encode(e.newValue),
      createdAt: at,
    })),
  });
}
