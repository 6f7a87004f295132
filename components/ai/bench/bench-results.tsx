"use client";
import { Spinner } from "@/components/ui/button";
import type { BenchJob, BenchJobResult, BenchModelResult, BenchRunDto, BenchValidity } from "@/lib/ai/bench/types";
import { BENCH_JOBS } from "@/lib/ai/bench/types";
import { formatMs } from "../format";

export const JOB_LABEL: Record<BenchJob, string> = {
  "parse-prd": "Parse a PRD into tasks",
  expand: "Expand one task",
  complexity: "Score ten tasks",
};

const VALIDITY: Record<BenchValidity, { text: string; style: string }> = {
  "first-time": { text: "valid first time", style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200" },
  "after-repair": { text: "valid after repair", style: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100" },
  invalid: { text: "not valid", style: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300" },
};

const rate = (tps: number | null) => (tps === null ? "—" : `${tps >= 100 ? Math.round(tps) : tps.toFixed(1)} tok/s`);

function ValidityBadge({ job }: { job: BenchJobResult }) {
  if (!job.validity) return <span className="text-xs text-red-700 dark:text-red-300">no answer</span>;
  const v = VALIDITY[job.validity];
  const why =
    job.validity === "after-repair"
      ? [...job.repairs, ...(job.attempts > 1 ? ["corrected on the retry"] : [])].join(", ")
      : job.validity === "invalid"
        ? job.error
        : null;
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${v.style}`} data-testid="bench-validity">
        {v.text}
      </span>
      {why && <span className="max-w-64 text-xs break-words text-muted">{why}</span>}
    </span>
  );
}

const cell = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";

function ModelTable({ result, current }: { result: BenchModelResult; current: BenchJob | null }) {
  const byJob = new Map(result.jobs.map((j) => [j.job, j]));
  const s = result.summary;
  const answered = result.jobs.some((j) => j.ttftMs !== null);
  const source = answered && result.jobs[0]?.measuredBy === "stream" ? "measured from the stream (this server reports no timings)" : null;
  return (
    <section
      className="min-w-0 rounded-lg border border-zinc-200 dark:border-zinc-800"
      aria-labelledby={`bench-${result.endpointId}-${result.model}`}
      data-testid="bench-model"
      data-model={result.model}
    >
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h3 id={`bench-${result.endpointId}-${result.model}`} className="font-mono text-sm font-semibold break-all">
          {result.model}
        </h3>
        <span className="text-xs text-muted">
          {[result.parameterSize, result.endpointName].filter(Boolean).join(" · ")}
          {source ? ` · ${source}` : ""}
        </span>
        <span className="ml-auto text-xs" data-testid="bench-model-status">
          {result.status === "pending" ? (
            <span className="text-muted">waiting</span>
          ) : result.status === "running" ? (
            <span className="inline-flex items-center gap-1 text-muted">
              <Spinner className="h-3 w-3" /> measuring
            </span>
          ) : result.status === "cancelled" ? (
            <span className="text-muted">cancelled</span>
          ) : result.status === "failed" ? (
            <span className="font-medium text-red-700 dark:text-red-300">could not be benched</span>
          ) : s ? (
            <strong>
              valid {s.valid}/{s.jobs}
            </strong>
          ) : null}
        </span>
      </header>
      {result.error && (
        <p
          role="alert"
          className="border-b border-zinc-200 px-3 py-2 text-sm break-words text-red-700 dark:border-zinc-800 dark:text-red-300"
        >
          {result.error}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[34rem] text-left text-sm">
          <caption className="sr-only">Bench figures for {result.model}</caption>
          <thead className="text-xs text-muted">
            <tr className="border-b border-zinc-100 dark:border-zinc-800/70">
              <th scope="col" className="px-2 py-1.5 font-medium">
                Job
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                Load
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                First token
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                Speed
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                Total
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                Plan
              </th>
            </tr>
          </thead>
          <tbody>
            {BENCH_JOBS.map((name) => {
              const j = byJob.get(name);
              const now = current === name && result.status === "running";
              return (
                <tr
                  key={name}
                  className="border-b border-zinc-100 align-top dark:border-zinc-800/70"
                  data-testid="bench-job"
                  data-job={name}
                >
                  <th scope="row" className="px-2 py-1.5 font-normal">
                    {JOB_LABEL[name]}
                    {j && j.attempts > 1 && <span className="ml-1 text-xs text-muted">({j.attempts} calls)</span>}
                  </th>
                  {j ? (
                    <>
                      <td className={cell}>{formatMs(j.loadMs)}</td>
                      <td className={cell}>{formatMs(j.ttftMs)}</td>
                      <td className={cell}>{rate(j.tokensPerSecond)}</td>
                      <td className={cell}>{formatMs(j.totalMs)}</td>
                      <td className="px-2 py-1.5">
                        <ValidityBadge job={j} />
                      </td>
                    </>
                  ) : (
                    <td colSpan={5} className="px-2 py-1.5 text-xs text-muted">
                      {now ? (
                        <span className="inline-flex items-center gap-1">
                          <Spinner className="h-3 w-3" /> running…
                        </span>
                      ) : result.status === "failed" || result.status === "cancelled" ? (
                        "not run"
                      ) : (
                        "waiting"
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
            {s && result.jobs.length > 0 && (
              <tr className="bg-zinc-50 font-medium dark:bg-zinc-950/40" data-testid="bench-summary">
                <th scope="row" className="px-2 py-1.5 font-medium">
                  All jobs
                </th>
                <td className={cell} title="The first call's load: the cold load when the model was not loaded yet">
                  {formatMs(s.loadMs)}
                </td>
                <td className={cell} title="Mean over the jobs that answered">
                  {formatMs(s.ttftMs)}
                </td>
                <td className={cell}>{rate(s.tokensPerSecond)}</td>
                <td className={cell}>{formatMs(s.totalMs)}</td>
                <td className="px-2 py-1.5 text-xs">
                  valid {s.valid}/{s.jobs} ({s.firstTime} first time)
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function BenchResults({ run }: { run: BenchRunDto }) {
  const current = run.progress?.job ?? null;
  return (
    <div className="grid gap-3" data-testid="bench-results">
      {run.models.map((m, i) => (
        <ModelTable key={`${m.endpointId}-${m.model}`} result={m} current={run.progress?.modelIndex === i + 1 ? current : null} />
      ))}
    </div>
  );
}
