import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db, textStartsWith } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { TASK_PRIORITIES } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { myTasksQuery } from "@/lib/validation/search";
import { HIT_SELECT, toTaskHit, visibleProjectIds } from "./task-hits";
import type { TaskHit, TaskHits } from "./types";

const PRIORITY_ORDER = [...TASK_PRIORITIES].reverse();

/** Soonest due first (undated last), then higher priority, then by project and ref. */
function compareHits(a: TaskHit, b: TaskHit): number {
  const due = (h: TaskHit) => (h.dueDate ? Date.parse(h.dueDate) : Number.POSITIVE_INFINITY);
  return (
    due(a) - due(b) ||
    PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) ||
    a.projectName.localeCompare(b.projectName) ||
    a.ref.localeCompare(b.ref, undefined, { numeric: true })
  );
}

/**
 * Tasks assigned to the actor in every project they can see. A task's assignee is free text
 * (Task Master files carry names), so it is the actor's when it is their email or their name,
 * in any letter case. Open work by default; `include=all` adds done and cancelled tasks.
 */
export async function listMyTasks(actor: Actor, raw: unknown): Promise<TaskHits> {
  const { include, limit } = parseInput(myTasksQuery, raw);
  const projectIds = await visibleProjectIds(actor);
  const me = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true, name: true } });
  if (!me) throw notFound("User");
  const names = [me.email, me.name].map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (projectIds.length === 0 || names.length === 0) return { tasks: [] };
  // A prefix match that ignores ASCII case (textStartsWith) narrows the rows; the exact comparison is made here.
  const rows = await db.task.findMany({
    where: {
      projectId: { in: projectIds },
      OR: names.map((n) => ({ assignee: textStartsWith(n) })),
      ...(include === "open" ? { status: { notIn: ["done", "cancelled"] } } : {}),
    },
    select: HIT_SELECT,
  });
  const mine = rows.filter((r) => names.includes((r.assignee ?? "").trim().toLowerCase()));
  return { tasks: mine.map(toTaskHit).sort(compareHits).slice(0, limit) };
}
