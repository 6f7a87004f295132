"use client";
import { Fragment, useState } from "react";
import { SettingsTabs } from "@/components/settings-tabs";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { AiRunDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiRuns } from "@/lib/hooks/use-ai";
import { formatMs } from "./format";

const ERROR_STYLE = "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300";
const OUTCOME_STYLE: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  timeout: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  aborted: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  incomplete: "bg-orange-100 text-orange-800 dark:bg-orange-900/50 dark:text-orange-200",
  invalid: "bg-orange-100 text-orange-800 dark:bg-orange-900/50 dark:text-orange-200",
  error: ERROR_STYLE,
};

function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${OUTCOME_STYLE[outcome] ?? ERROR_STYLE}`}
      data-testid="run-outcome"
    >
      {outcome}
    </span>
  );
}

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const tokens = (r: AiRunDto) =>
  r.promptTokens === null && r.outputTokens === null ? "—" : `${r.promptTokens ?? "?"} → ${r.outputTokens ?? "?"}`;

export function RunLog({ isAdmin }: { isAdmin: boolean }) {
  const runs = useAiRuns();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="grid max-w-5xl min-w-0 gap-5">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs />
      <section className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
          <h2 className="font-semibold">AI run log</h2>
          <span className="text-xs text-muted">
            {isAdmin ? "Every request to a model, newest first." : "Your requests to a model, newest first."}
          </span>
          <Button size="sm" variant="secondary" className="ml-auto" busy={runs.isFetching} onClick={() => void runs.refetch()}>
            Refresh
          </Button>
        </div>
        {runs.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading…
          </p>
        ) : runs.isError ? (
          <ErrorBox>Could not load the run log: {errorMessage(runs.error)}</ErrorBox>
        ) : runs.data.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted" data-testid="runs-empty">
            No AI runs yet. They appear here when a job runs or a model is tested in Settings → AI.
          </p>
        ) : (
          <div className="-mx-4 overflow-x-auto sm:mx-0">
            <table className="w-full min-w-[22rem] text-left text-sm" data-testid="run-log">
              <thead className="text-xs text-muted">
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th className="px-2 py-1.5 font-medium">Time</th>
                  <th className="hidden px-2 py-1.5 font-medium sm:table-cell">Job</th>
                  <th className="hidden px-2 py-1.5 font-medium md:table-cell">Endpoint</th>
                  <th className="px-2 py-1.5 font-medium">Model</th>
                  <th className="hidden px-2 py-1.5 text-right font-medium sm:table-cell">First token</th>
                  <th className="px-2 py-1.5 text-right font-medium">Duration</th>
                  <th className="hidden px-2 py-1.5 text-right font-medium lg:table-cell">Tokens in → out</th>
                  <th className="px-2 py-1.5 font-medium">Outcome</th>
                  <th className="hidden px-2 py-1.5 font-medium sm:table-cell">Cache</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((r) => {
                  const expanded = open === r.id;
                  return (
                    <Fragment key={r.id}>
                      <tr
                        className="border-b border-zinc-100 align-top dark:border-zinc-800/70"
                        data-testid="run-row"
                        title={r.error ?? undefined}
                      >
                        <td className="px-2 py-1.5 whitespace-nowrap text-muted">
                          <button
                            className="text-left hover:underline"
                            aria-expanded={expanded}
                            aria-label={`Details of the ${r.job} run at ${new Date(r.createdAt).toLocaleString()}`}
                            onClick={() => setOpen(expanded ? null : r.id)}
                          >
                            <span aria-hidden>{expanded ? "▾" : "▸"}</span>{" "}
                            <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleTimeString()}</time>
                          </button>
                        </td>
                        <td className="hidden px-2 py-1.5 sm:table-cell">{r.job}</td>
                        <td className="hidden px-2 py-1.5 text-xs text-muted md:table-cell" title={r.endpoint}>
                          {host(r.endpoint)}
                        </td>
                        <td className="max-w-48 px-2 py-1.5 font-mono text-xs break-words">
                          {r.model}
                          {r.attempt > 1 && <span className="ml-1 font-sans text-muted">(try {r.attempt})</span>}
                          {r.role && <span className="block font-sans text-muted">{r.role} role</span>}
                          <span className="block font-sans text-muted sm:hidden">{r.job}</span>
                        </td>
                        <td className="hidden px-2 py-1.5 text-right tabular-nums sm:table-cell">{formatMs(r.ttftMs)}</td>
                        <td className="px-2 py-1.5 text-right tabular-nums">{formatMs(r.durationMs)}</td>
                        <td className="hidden px-2 py-1.5 text-right tabular-nums lg:table-cell">{tokens(r)}</td>
                        <td className="px-2 py-1.5">
                          <OutcomeBadge outcome={r.outcome} />
                          {r.error && <span className="sr-only">: {r.error}</span>}
                        </td>
                        <td className="hidden px-2 py-1.5 text-xs sm:table-cell">{r.cacheHit ? "hit" : "—"}</td>
                      </tr>
                      {expanded && (
                        <tr className="border-b border-zinc-100 bg-zinc-50 dark:border-zinc-800/70 dark:bg-zinc-950/40">
                          <td colSpan={9} className="px-3 py-2 text-xs">
                            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
                              <dt className="text-muted">When</dt>
                              <dd>{new Date(r.createdAt).toLocaleString()}</dd>
                              <dt className="text-muted">Endpoint</dt>
                              <dd className="font-mono break-all">{r.endpoint}</dd>
                              <dt className="text-muted">First token</dt>
                              <dd>{formatMs(r.ttftMs)}</dd>
                              <dt className="text-muted">Tokens</dt>
                              <dd>{tokens(r)}</dd>
                              {r.role && (
                                <>
                                  <dt className="text-muted">Role</dt>
                                  <dd>
                                    {r.role}
                                    {r.routedBecause && <span className="text-muted"> — {r.routedBecause}</span>}
                                  </dd>
                                </>
                              )}
                              <dt className="text-muted">Cache</dt>
                              <dd>{r.cacheHit ? "answered from the cache" : "not cached"}</dd>
                              {r.error && (
                                <>
                                  <dt className="text-muted">Error</dt>
                                  <dd className="break-words text-red-700 dark:text-red-300">{r.error}</dd>
                                </>
                              )}
                            </dl>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
