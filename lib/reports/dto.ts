import type { ReportStats } from "./stats";

/** A saved report in the history list (no markdown: the list stays light). */
export interface ReportSummaryDto {
  id: string;
  periodFrom: string;
  periodTo: string;
  createdAt: string;
  authorId: string | null;
  authorName: string | null;
  /** The model that wrote the narrative, when there is one. */
  model: string | null;
  hasNarrative: boolean;
}

export interface ReportDto extends ReportSummaryDto {
  projectId: string;
  markdown: string;
  stats: ReportStats;
  narrative: string | null;
  /** Why a requested narrative is missing (the figures are complete regardless). */
  narrativeError: string | null;
}

/** What the stats column holds: the figures, plus the narrative's failure when there was one. */
export type StoredStats = ReportStats & { narrativeError?: string | null };

export interface ReportRow {
  id: string;
  projectId: string;
  authorId: string | null;
  periodFrom: Date;
  periodTo: Date;
  markdown: string;
  stats: string;
  narrative: string | null;
  model: string | null;
  createdAt: Date;
}

export function toReportDto(row: ReportRow, authorName: string | null): ReportDto {
  const { narrativeError = null, ...stats } = JSON.parse(row.stats) as StoredStats;
  return {
    id: row.id,
    projectId: row.projectId,
    periodFrom: row.periodFrom.toISOString(),
    periodTo: row.periodTo.toISOString(),
    createdAt: row.createdAt.toISOString(),
    authorId: row.authorId,
    authorName,
    model: row.model,
    hasNarrative: row.narrative !== null,
    markdown: row.markdown,
    stats,
    narrative: row.narrative,
    narrativeError,
  };
}
