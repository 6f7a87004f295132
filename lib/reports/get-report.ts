import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { id } from "@/lib/validation/common";
import { toReportDto } from "./dto";
import type { ReportDto } from "./types";

/** One saved report of the project, with its markdown and figures. */
export async function getReport(actor: Actor, projectId: string, rawReportId: unknown): Promise<ReportDto> {
  const parsed = id.safeParse(rawReportId);
  await authorizeProject(actor, projectId, "viewer");
  if (!parsed.success) throw notFound("Report");
  // Scoped by project: a report id from another project is simply not found here.
  const row = await db.report.findFirst({ where: { id: parsed.data, projectId } });
  if (!row) throw notFound("Report");
  const author = row.authorId ? await db.user.findUnique({ where: { id: row.authorId }, select: { name: true } }) : null;
  return toReportDto(row, author?.name ?? null);
}
