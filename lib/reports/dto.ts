import type { ReportDto, ReportStats } from "./types";

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
