import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/validation/parse";
import { reportListQuery } from "@/lib/validation/reports";
import type { ReportSummaryDto } from "./types";

export const DEFAULT_HISTORY_LIMIT = 50;

/** Saved reports, newest first. */
export async function listReports(actor: Actor, projectId: string, rawQuery: unknown = {}): Promise<ReportSummaryDto[]> {
  const { limit } = parseInput(reportListQuery, rawQuery);
  await authorizeProject(actor, projectId, "viewer");
  const rows = await db.report.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit ?? DEFAULT_HISTORY_LIMIT,
    select: { id: true, periodFrom: true, periodTo: true, createdAt: true, authorId: true, model: true },
  });
  const names = await authorNames(rows.map((r) => r.authorId));
  return rows.map((r) => ({
    id: r.id,
    periodFrom: r.periodFrom.toISOString(),
    periodTo: r.periodTo.toISOString(),
    createdAt: r.createdAt.toISOString(),
    authorId: r.authorId,
    authorName: r.authorId ? (names.get(r.authorId) ?? null) : null,
    model: r.model,
    // A narrative is saved together with the name of the model that wrote it.
    hasNarrative: r.model !== null,
  }));
}

export async function authorNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
