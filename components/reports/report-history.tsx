"use client";
import { ErrorBox } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useReports } from "@/lib/hooks/use-reports";
import { formatInstant, formatInstantRange } from "./format";

/** Saved reports, newest first; choosing one shows it. */
export function ReportHistory({
  projectId,
  shownId,
  onSelect,
}: {
  projectId: string;
  shownId: string | null;
  onSelect: (id: string) => void;
}) {
  const reports = useReports(projectId);
  return (
    <section
      aria-labelledby="report-history-title"
      className="min-w-0 self-start rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="report-history-title" className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">
        Saved reports{reports.data ? ` (${reports.data.length})` : ""}
      </h2>
      {reports.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <span className="sr-only">Loading saved reports…</span>
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-10 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" />
          ))}
        </div>
      ) : reports.isError ? (
        <ErrorBox>Could not load the saved reports: {errorMessage(reports.error)}</ErrorBox>
      ) : reports.data.length === 0 ? (
        <p className="text-sm text-muted" data-testid="report-history-empty">
          No saved reports yet. Every report you generate is kept here.
        </p>
      ) : (
        <ol className="-mx-2 space-y-0.5" data-testid="report-history">
          {reports.data.map((r) => {
            const current = r.id === shownId;
            return (
              <li key={r.id}>
                <button
                  type="button"
                  onClick={() => onSelect(r.id)}
                  aria-current={current ? "true" : undefined}
                  data-testid="report-history-item"
                  data-report-id={r.id}
                  className={`w-full rounded-md px-2 py-1.5 text-left text-sm ${current ? "bg-[var(--color-accent)]/10 font-medium" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
                >
                  <span className="block">{formatInstantRange(r.periodFrom, r.periodTo)}</span>
                  <span className="block text-xs font-normal text-muted">
                    {formatInstant(r.createdAt)}
                    {r.authorName ? ` · ${r.authorName}` : ""}
                    {r.hasNarrative ? " · AI narrative" : ""}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
