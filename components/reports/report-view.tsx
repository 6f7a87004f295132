"use client";
import { Button } from "@/components/ui/button";
import { Markdown } from "@/components/ui/markdown";
import { useToast } from "@/components/ui/toast";
import type { ReportDto, ReportStats } from "@/lib/reports/types";
import { localDay } from "@/lib/reports/presets";
import { formatDayRange, formatInstant } from "./format";
import { BurnupChart, ThroughputChart } from "./report-charts";
import { plural } from "@/lib/plural";

/** The file name people expect next to their other exports: <project-slug>-report-YYYY-MM-DD.md. */
export const reportFileName = (slug: string, createdAt: string) => `${slug}-report-${localDay(new Date(createdAt))}.md`;

function download(markdown: string, fileName: string) {
  // The very string shown in the preview, so the file is byte for byte what the page shows.
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain-http installs have no Clipboard API: fall back to a selected textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

const tableStyles =
  "[&_table]:my-2 [&_table]:w-full [&_table]:border-collapse [&_table]:text-xs [&_th]:border-b [&_th]:border-zinc-200 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_th]:font-medium " +
  "[&_td]:border-b [&_td]:border-zinc-100 [&_td]:px-2 [&_td]:py-1 [&_td]:tabular-nums dark:[&_th]:border-zinc-700 dark:[&_td]:border-zinc-800 " +
  "[&_blockquote]:border-l-2 [&_blockquote]:border-violet-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-700 dark:[&_blockquote]:border-violet-700 dark:[&_blockquote]:text-zinc-300 " +
  "[&_h1]:text-lg [&_h2]:mt-5 [&_h2]:border-b [&_h2]:border-zinc-100 [&_h2]:pb-1 [&_h2]:text-base dark:[&_h2]:border-zinc-800";

export function ReportView({ report, projectSlug }: { report: ReportDto; projectSlug: string }) {
  const toast = useToast();
  const s = report.stats;
  const fileName = reportFileName(projectSlug, report.createdAt);
  return (
    <article className="space-y-4" data-testid="report" data-report-id={report.id} aria-labelledby="report-title">
      <header className="flex flex-col gap-x-3 gap-y-2 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <h2 id="report-title" className="text-lg font-semibold" data-testid="report-period">
            {formatDayRange(s.period.firstDay, s.period.lastDay)}
          </h2>
          <p className="text-xs text-muted">
            {s.period.days} {s.period.days === 1 ? "day" : "days"} ({s.period.timeZone}) · generated {formatInstant(report.createdAt)}
            {report.authorName ? ` by ${report.authorName}` : ""}
            {report.model ? ` · narrative by ${report.model}` : ""}
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" size="sm" onClick={() => download(report.markdown, fileName)} title={fileName}>
            Download .md
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={async () =>
              toast(
                (await copyText(report.markdown))
                  ? { tone: "success", message: "Markdown copied" }
                  : { tone: "error", message: "This browser would not copy; use Download instead." },
              )
            }
          >
            Copy markdown
          </Button>
        </div>
      </header>

      {report.narrativeError && (
        <div
          role="status"
          data-testid="narrative-error"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200"
        >
          The AI narrative could not be written: {report.narrativeError} The figures are complete.
        </div>
      )}

      <Figures stats={s} />

      <div className="grid gap-4 lg:grid-cols-2">
        <BurnupChart stats={s} />
        <ThroughputChart stats={s} />
      </div>

      <section
        aria-label="Markdown preview"
        className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className={`overflow-x-auto ${tableStyles}`} data-testid="report-preview">
          <Markdown text={report.markdown} />
        </div>
        {/* The raw markdown the preview and the download are made from. */}
        <pre hidden data-testid="report-markdown">
          {report.markdown}
        </pre>
      </section>
    </article>
  );
}

function Figures({ stats: s }: { stats: ReportStats }) {
  const t = s.tasks;
  const sub = s.subtasks;
  const risks = s.risks.complex.total + s.risks.stale.total + s.risks.cancelledPrerequisites.total;
  const tiles = [
    { id: "completed", label: "Completed", value: t.completed, note: `and ${plural(sub.completed, "subtask")}` },
    {
      id: "done",
      label: "Done",
      value: `${t.doneAtEnd}/${t.scopeAtEnd}`,
      note: `${t.percentAtEnd}% · was ${t.doneAtStart}/${t.scopeAtStart}`,
    },
    {
      id: "scope",
      label: "Scope",
      value: `${t.scopeAtStart} → ${t.scopeAtEnd}`,
      note: `${t.added} added, ${t.deleted + t.cancelled} removed`,
      title: `${t.added} added, ${t.deleted} deleted, ${t.cancelled} cancelled`,
    },
    { id: "reopened", label: "Reopened", value: t.reopened, note: `${plural(sub.reopened, "subtask")}` },
    { id: "in-progress", label: "In progress", value: s.inProgress.total, note: "now" },
    { id: "blocked", label: "Blocked", value: s.blocked.total, note: "now" },
    { id: "risks", label: "Risks", value: risks, note: "now" },
  ];
  return (
    <section aria-label="Figures" className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-7" data-testid="report-figures">
      {tiles.map((f) => (
        <div
          key={f.id}
          data-testid={`report-figure-${f.id}`}
          className="min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <p className="text-xs text-muted">{f.label}</p>
          <p className="text-xl font-semibold tabular-nums" data-testid={`report-figure-${f.id}-value`}>
            {f.value}
          </p>
          <p className="text-xs leading-snug text-muted" title={"title" in f ? f.title : f.note}>
            {f.note}
          </p>
        </div>
      ))}
    </section>
  );
}
