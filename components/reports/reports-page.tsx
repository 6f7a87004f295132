"use client";
import { ErrorBox } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useProject } from "@/lib/hooks/use-projects";
import { useGenerateReport, useReport, useReports } from "@/lib/hooks/use-reports";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import { ReportForm } from "./report-form";
import { ReportHistory } from "./report-history";
import { ReportView } from "./report-view";

/** Generate a progress report for a period, read it with its charts, download it; saved ones on the side. */
export function ReportsPage({ projectId }: { projectId: string }) {
  const { params, setParam } = useUrlParams();
  const project = useProject(projectId);
  const reports = useReports(projectId);
  const generate = useGenerateReport(projectId);
  // The report in the URL, else the newest saved one.
  const shownId = params.get("report") ?? reports.data?.[0]?.id ?? null;
  const report = useReport(projectId, shownId);

  let body: React.ReactNode;
  if (shownId && report.isPending) body = <ReportSkeleton />;
  else if (shownId && report.isError) body = <ErrorBox>Could not load this report: {errorMessage(report.error)}</ErrorBox>;
  else if (report.data) body = <ReportView report={report.data} projectSlug={project.data?.slug ?? "project"} />;
  else if (reports.data?.length === 0) {
    body = (
      <div
        className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-muted dark:border-zinc-700"
        data-testid="reports-empty"
      >
        No reports yet. Choose a period and generate one: the figures come from the project&apos;s history, no AI model needed.
      </div>
    );
  }

  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_17rem]">
      <div className="min-w-0 space-y-4">
        <ReportForm
          projectCreatedAt={project.data?.createdAt}
          busy={generate.isPending}
          error={generate.error}
          onGenerate={(input) => generate.mutate(input, { onSuccess: (r) => setParam("report", r.id) })}
        />
        {body}
      </div>
      <ReportHistory projectId={projectId} shownId={shownId} onSelect={(id) => setParam("report", id)} />
    </div>
  );
}

function ReportSkeleton() {
  const block = "animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900";
  return (
    <div className="space-y-4" aria-busy="true" data-testid="report-loading">
      <span className="sr-only">Loading the report…</span>
      <div className={`h-10 w-2/3 ${block}`} />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className={`h-20 ${block}`} />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className={`h-64 ${block}`} />
        <div className={`h-64 ${block}`} />
      </div>
    </div>
  );
}
