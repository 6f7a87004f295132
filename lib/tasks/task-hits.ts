import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import { formatRef } from "./refs";
import type { TaskHit } from "./types";

/** The ids of the projects the actor can see (a project-bound token: that one alone). */
export async function visibleProjectIds(actor: Actor): Promise<string[]> {
  requireScope(actor, "read");
  const rows = await db.membership.findMany({
    where: { userId: actor.userId, ...(actor.tokenProjectId ? { projectId: actor.tokenProjectId } : {}) },
    select: { projectId: true },
  });
  return rows.map((r) => r.projectId);
}

export const HIT_SELECT = {
  id: true,
  projectId: true,
  number: true,
  subNumber: true,
  title: true,
  status: true,
  priority: true,
  assignee: true,
  dueDate: true,
  updatedAt: true,
  project: { select: { name: true } },
} as const;

type HitRow = {
  projectId: string;
  number: number;
  subNumber: number;
  title: string;
  status: string;
  priority: string;
  assignee: string | null;
  dueDate: Date | null;
  updatedAt: Date;
  project: { name: string };
};

export function toTaskHit(r: HitRow): TaskHit {
  return {
    projectId: r.projectId,
    projectName: r.project.name,
    ref: formatRef(r.number, r.subNumber),
    parent: r.subNumber > 0 ? String(r.number) : null,
    title: r.title,
    status: r.status as TaskStatus,
    priority: r.priority as TaskPriority,
    assignee: r.assignee,
    dueDate: r.dueDate?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}
