// Authorisation: any member, viewers included, may generate a report. It reads the plan and
// writes only the report into the project's history, which changes nothing anyone else works
// on, so it asks for the "viewer" role (and a token's "read" scope), like reading the history.
import "server-only";
import { writeReportNarrative } from "@/lib/ai/jobs/report-narrative";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject, requireScope } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { isAppError, notFound } from "@/lib/errors";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { toReportDto, type StoredStats } from "./dto";
import type { ReportDto } from "./types";
import { loadReportEvents } from "./load-events";
import { renderReportMarkdown, type NarrativePart } from "./markdown";
import { parseReportInput, resolvePeriod } from "./period";
import { computeReportStats } from "./stats";

/**
 * Computes the figures for a period from the event history and today's plan, renders them as
 * markdown, optionally asks the fast model for a narrative, and saves the report. A failed
 * narrative does not fail the report: it is saved without one, saying why. Bad input (422)
 * saves nothing.
 */
export async function generateReport(actor: Actor, projectId: string, raw: unknown): Promise<ReportDto> {
  const input = parseReportInput(raw);
  // Viewers may generate reports, but it saves one and may call the model: a write.
  requireScope(actor, "write");
  await authorizeProject(actor, projectId, "viewer");
  const period = resolvePeriod(input, Date.now());
  const project = await db.project.findUnique({ where: { id: projectId }, select: { name: true } });
  if (!project) throw notFound("Project");
  const [graph, events] = await Promise.all([getProjectGraph(projectId), loadReportEvents(projectId)]);
  const stats = computeReportStats(events, graph, period);

  let narrative: NarrativePart | null = null;
  let narrativeError: string | null = null;
  if (input.narrative) {
    try {
      narrative = await writeReportNarrative(project.name, stats, { projectId, userId: actor.userId });
    } catch (e) {
      // The engine's failures (no model, time-out, unusable answer) are plain AppErrors; anything
      // else is a bug and fails the request before anything is saved.
      if (!isAppError(e)) throw e;
      narrativeError = narrativeFailure(e.message);
    }
  }
  const markdown = renderReportMarkdown(stats, { projectName: project.name, narrative, narrativeError });
  const stored: StoredStats = narrativeError ? { ...stats, narrativeError } : stats;
  const row = await db.report.create({
    data: {
      projectId,
      authorId: actor.userId,
      periodFrom: new Date(period.from),
      periodTo: new Date(period.to),
      markdown,
      stats: JSON.stringify(stored),
      narrative: narrative?.text ?? null,
      model: narrative?.model ?? null,
    },
  });
  const author = await db.user.findUnique({ where: { id: actor.userId }, select: { name: true } });
  return toReportDto(row, author?.name ?? null);
}

/**
 * The engine's messages end with "Nothing was written", which is true of the tasks its jobs
 * guard; here the report itself is written, so that part would mislead.
 */
function narrativeFailure(message: string): string {
  const text = message.replace(/\s*Nothing was written\b[\s\S]*$/, "").trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
