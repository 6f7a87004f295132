"use client";
import { useState } from "react";
import { SettingsTabs } from "@/components/settings-tabs";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { BenchRunDto } from "@/lib/ai/bench/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiSettings, useAiStatus } from "@/lib/hooks/use-ai";
import { useBench, useCancelBench, useStartBench } from "@/lib/hooks/use-ai-bench";
import { BenchPicker } from "./bench-picker";
import { BenchRecommendations } from "./bench-recommendations";
import { BenchResults, JOB_LABEL } from "./bench-results";

const card = "min-w-0 rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900";

const STATUS_TEXT: Record<BenchRunDto["status"], string> = {
  running: "running",
  done: "finished",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function Progress({ run, onCancel, cancelling }: { run: BenchRunDto; onCancel: () => void; cancelling: boolean }) {
  const p = run.progress;
  const percent = p ? Math.round(((p.step - 1) / p.steps) * 100) : 0;
  return (
    <div
      className="grid gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2.5 dark:border-sky-900 dark:bg-sky-950/40"
      data-testid="bench-progress"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <Spinner />
        <span role="status" aria-live="polite" className="min-w-0 flex-1">
          {run.cancelRequested
            ? "Stopping after the answer in progress…"
            : p
              ? `Model ${p.modelIndex} of ${p.models}: ${p.model} — ${JOB_LABEL[p.job]} (step ${p.step} of ${p.steps})`
              : "Starting…"}
        </span>
        <Button
          size="sm"
          variant="secondary"
          busy={cancelling}
          disabled={run.cancelRequested}
          onClick={onCancel}
          data-testid="bench-cancel"
        >
          Cancel
        </Button>
      </div>
      <div
        role="progressbar"
        aria-label="Bench progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-1.5 overflow-hidden rounded bg-sky-100 dark:bg-sky-900/60"
      >
        <div className="h-full bg-sky-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-muted">The bench runs on the server: you can leave this page and come back.</p>
    </div>
  );
}

export function ModelBench({ isAdmin }: { isAdmin: boolean }) {
  const bench = useBench(isAdmin);
  const status = useAiStatus();
  const settings = useAiSettings();
  const start = useStartBench();
  const cancel = useCancelBench();
  const [shown, setShown] = useState<string | null>(null);

  const data = bench.data;
  const active = data?.active ?? null;
  const run = (shown && data?.runs.find((r) => r.id === shown)) || active || data?.runs[0] || null;
  const rerun = (r: BenchRunDto) => {
    setShown(null);
    start.mutate(r.models.map((m) => ({ endpointId: m.endpointId, model: m.model })));
  };

  return (
    <div className="grid max-w-5xl min-w-0 gap-5">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs />
      <section className={card} aria-labelledby="bench-heading">
        <h2 id="bench-heading" className="font-semibold">
          Model bench
        </h2>
        <p className="mt-1 text-sm text-muted">
          Runs Cairn&apos;s standard jobs — parse a sample PRD into tasks, expand one task, score ten tasks — on each model you choose, one
          after another, with the same prompts, schemas and repairs the real jobs use. Load time, tokens per second and total are what
          Ollama reports; time to first token is measured by Cairn.
        </p>
        {!isAdmin ? (
          <p
            className="mt-3 rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300"
            data-testid="bench-admin-only"
          >
            Only the instance admin runs the bench and sees its results, because it asks the AI endpoints directly.
          </p>
        ) : (
          <div className="mt-4">
            <BenchPicker
              status={status.data}
              statusPending={status.isPending}
              statusError={status.error}
              busy={start.isPending}
              running={!!active}
              error={start.error}
              onStart={(models) => {
                setShown(null);
                start.mutate(models);
              }}
            />
          </div>
        )}
      </section>

      {isAdmin && (
        <>
          {bench.isPending ? (
            <p className="flex items-center gap-2 text-sm text-muted">
              <Spinner /> Loading the bench results…
            </p>
          ) : bench.isError && !data ? (
            <ErrorBox>
              Could not load the bench results: {errorMessage(bench.error)}{" "}
              <button className="font-medium underline" onClick={() => void bench.refetch()}>
                Try again
              </button>
            </ErrorBox>
          ) : data && data.runs.length === 0 ? (
            <p
              className="rounded-xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-muted dark:border-zinc-700"
              data-testid="bench-empty"
            >
              No bench runs yet. Choose models above and run the bench; results are kept here, and Cairn recommends a model per role from
              them.
            </p>
          ) : data && run ? (
            <>
              <section className={card} aria-labelledby="bench-run-heading" data-testid="bench-run" data-status={run.status}>
                <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
                  <h2 id="bench-run-heading" className="font-semibold">
                    {run.status === "running" ? "Running now" : "Results"}
                  </h2>
                  <span className="text-xs text-muted">
                    started {when(run.createdAt)} · {STATUS_TEXT[run.status]}
                    {run.finishedAt && run.status !== "running" ? ` ${when(run.finishedAt)}` : ""}
                  </span>
                  {run.status !== "running" && (
                    <Button
                      size="sm"
                      variant="secondary"
                      className="ml-auto"
                      busy={start.isPending}
                      disabled={!!active}
                      onClick={() => rerun(run)}
                    >
                      Run again
                    </Button>
                  )}
                </div>
                {run.status === "running" && <Progress run={run} cancelling={cancel.isPending} onCancel={() => cancel.mutate(run.id)} />}
                {cancel.isError && <ErrorBox>Could not cancel: {errorMessage(cancel.error)}</ErrorBox>}
                {run.error && run.status !== "running" && (
                  <p className="mb-3 text-sm text-red-700 dark:text-red-300" role="alert">
                    {run.error}
                  </p>
                )}
                <div className={run.status === "running" ? "mt-3" : ""}>
                  <BenchResults run={run} />
                </div>
              </section>

              <section className={card} aria-labelledby="bench-reco-heading">
                <h2 id="bench-reco-heading" className="mb-3 font-semibold">
                  Recommended models
                </h2>
                <BenchRecommendations
                  recommendations={data.recommendations}
                  method={data.method}
                  settings={settings.data}
                  canApply={isAdmin}
                />
              </section>

              {data.runs.length > 1 && (
                <section className={card} aria-labelledby="bench-history-heading">
                  <h2 id="bench-history-heading" className="mb-2 font-semibold">
                    Earlier runs
                  </h2>
                  <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="bench-history">
                    {data.runs.map((r) => (
                      <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 py-1.5">
                        <span className="tabular-nums">{when(r.createdAt)}</span>
                        <span className="text-xs">{STATUS_TEXT[r.status]}</span>
                        <span className="order-last min-w-0 basis-full font-mono text-xs break-all text-muted sm:order-none sm:basis-0 sm:flex-1">
                          {r.models.map((m) => m.model).join(", ")}
                        </span>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-pressed={r.id === run.id}
                          disabled={r.id === run.id}
                          onClick={() => setShown(r.id)}
                        >
                          {r.id === run.id ? "Shown" : "Show"}
                        </Button>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
