"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Input } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { AnalyzeComplexityResult, ExpandAllResult, ExpandResult } from "@/lib/ai/jobs/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAcceptDraft, useAiJob } from "@/lib/hooks/use-ai-job";
import { useProject } from "@/lib/hooks/use-projects";
import type { TaskDto } from "@/lib/tasks/types";
import { AiRunStatus } from "./ai-run-status";
import { plural } from "@/lib/plural";
import { AnsweredBy } from "./answered-by";

const scoreColor = (s: number) => (s >= 8 ? "bg-red-500" : s >= 5 ? "bg-amber-500" : "bg-emerald-500");

/** Task Master's analyze-complexity: a report sorted by score, saved to the tasks on request. */
export function ComplexityReportView({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const canEdit = project.data ? project.data.role !== "viewer" : false;
  const job = useAiJob<AnalyzeComplexityResult>(projectId, "analyze-complexity");
  const save = useAcceptDraft<{ applied: TaskDto[] }>(projectId, "analyze-complexity");
  const expand = useAiJob<ExpandResult>(projectId, "expand");
  const toast = useToast();
  const [threshold, setThreshold] = useState("7");
  const [expanding, setExpanding] = useState<{ done: string[]; current: string | null; failed: string[] } | null>(null);
  const { state } = job;
  const report = state.phase === "done" ? state.result.draft : null;
  const above = report ? report.tasks.filter((t) => t.complexityScore >= Number(threshold || 11)) : [];

  async function expandAbove() {
    // One task at a time, each applied as it finishes: a failure stops nothing already written.
    const done: string[] = [];
    const failed: string[] = [];
    for (const t of above) {
      setExpanding({ done: [...done], current: t.ref, failed: [...failed] });
      await expand.start({
        ref: t.ref,
        apply: true,
        ...(t.recommendedSubtasks ? { num: t.recommendedSubtasks } : {}),
        ...(t.expansionPrompt ? { prompt: t.expansionPrompt } : {}),
      });
      done.push(t.ref);
    }
    setExpanding({ done, current: null, failed });
    toast({ tone: "success", message: `Expanded ${plural(done.length, "task")}` });
  }

  return (
    <div className="max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Scores every open task from 1 to 10, with a recommended number of subtasks and a prompt for expanding it.
        </p>
        {canEdit && state.phase !== "running" && (
          <Button key="analyze" onClick={() => (save.reset(), job.start({ threshold: Number(threshold) || undefined }))}>
            Analyze complexity
          </Button>
        )}
      </div>
      {canEdit && <ExpandAll projectId={projectId} />}
      <AiRunStatus state={state} onStop={job.stop} what="scoring tasks" />
      {report && (
        <>
          {state.phase === "done" && <AnsweredBy result={state.result} />}
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-2">
              Expand every task scoring at least
              <Input
                type="number"
                min={1}
                max={10}
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                className="w-16"
                aria-label="Threshold"
              />
            </label>
            {canEdit && (
              <>
                <Button size="sm" variant="secondary" disabled={above.length === 0 || !!expanding?.current} onClick={expandAbove}>
                  Expand {plural(above.length, "task")}
                </Button>
                <Button
                  size="sm"
                  busy={save.isPending}
                  disabled={save.isSuccess}
                  onClick={() =>
                    save.mutate(report, {
                      onSuccess: (r) => toast({ tone: "success", message: `Saved scores on ${plural(r.applied.length, "task")}` }),
                    })
                  }
                >
                  {save.isSuccess ? "Scores saved" : "Save scores to tasks"}
                </Button>
              </>
            )}
          </div>
          {save.isError && <ErrorBox>{errorMessage(save.error)}</ErrorBox>}
          {expanding && (
            <p className="text-sm text-zinc-600 dark:text-zinc-300" role="status">
              {expanding.current
                ? `Expanding #${expanding.current}… (${expanding.done.length} of ${above.length} done)`
                : `Expanded ${expanding.done.map((r) => `#${r}`).join(", ")}.`}
            </p>
          )}
          <table
            className="w-full overflow-hidden rounded-xl border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="complexity-report"
          >
            <thead className="text-left text-xs text-muted">
              <tr>
                <th className="px-3 py-2">Task</th>
                <th className="w-40 px-3 py-2">Score</th>
                <th className="w-24 px-3 py-2">Subtasks</th>
              </tr>
            </thead>
            <tbody>
              {report.tasks.map((t) => (
                <tr key={t.ref} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <td className="px-3 py-2">
                    <Link href={`/projects/${projectId}/board?task=${t.ref}`} className="hover:underline">
                      <span className="mr-1.5 font-mono text-xs text-muted">#{t.ref}</span>
                      {t.title}
                    </Link>
                    <p className="mt-0.5 text-xs text-muted">{t.reasoning}</p>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <div className="h-1.5 w-20 rounded-full bg-zinc-100 dark:bg-zinc-800">
                        <div
                          className={`h-full rounded-full ${scoreColor(t.complexityScore)}`}
                          style={{ width: `${t.complexityScore * 10}%` }}
                        />
                      </div>
                      <span className="font-medium" data-testid={`score-${t.ref}`}>
                        {t.complexityScore}
                      </span>
                    </div>
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-300">{t.recommendedSubtasks ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** Expand all: one draft per pending task without subtasks, reviewed together, accepted at once. */
export function ExpandAll({ projectId }: { projectId: string }) {
  const job = useAiJob<ExpandAllResult>(projectId, "expand");
  const accept = useAcceptDraft<{ created: TaskDto[] }>(projectId, "expand");
  const toast = useToast();
  const { state } = job;
  const result = state.phase === "done" ? state.result : null;
  return (
    <section
      className="space-y-2 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="expand-all"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="font-semibold">Expand all pending tasks</h2>
        <p className="text-sm text-muted">
          Drafts subtasks for every pending task that has none; you review them before anything is added.
        </p>
        {state.phase !== "running" && (
          <Button key="expand-all" size="sm" variant="secondary" onClick={() => (accept.reset(), job.start({ all: true }))}>
            Draft subtasks for all
          </Button>
        )}
      </div>
      <AiRunStatus state={state} onStop={job.stop} what="writing subtasks" />
      {result && !accept.isSuccess && (
        <>
          <AnsweredBy result={result} />
          <ul className="space-y-1 text-sm">
            {result.tasks.map((r) => (
              <li key={r.ref}>
                <span className="font-mono text-xs text-muted">#{r.ref}</span> {r.title}:{" "}
                {r.outcome === "drafted" ? (
                  plural(r.subtasks, "subtask")
                ) : (
                  <span className="text-red-600">{r.error?.message ?? "failed"}</span>
                )}
              </li>
            ))}
          </ul>
          {accept.isError && <ErrorBox>{errorMessage(accept.error)}</ErrorBox>}
          {result.draft.length > 0 && (
            <Button
              size="sm"
              busy={accept.isPending}
              onClick={() =>
                accept.mutate(
                  { drafts: result.draft },
                  { onSuccess: (r) => toast({ tone: "success", message: `Added ${plural(r.created.length, "subtask")}` }) },
                )
              }
            >
              Accept all{" "}
              {plural(
                result.draft.reduce((n, d) => n + d.subtasks.length, 0),
                "subtask",
              )}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
