"use client";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { PriorityLabel } from "@/components/ui/badges";
import { AiRunStatus } from "./ai-run-status";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { ParsePrdResult, PlanDraftTask } from "@/lib/ai/jobs/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAcceptPlan, useAiJob } from "@/lib/hooks/use-ai-job";
import { useProject } from "@/lib/hooks/use-projects";
import { TASK_PRIORITIES, type TaskPriority } from "@/lib/validation/common";
import { AnsweredBy, type AnswerRoute } from "./answered-by";
import { plural } from "@/lib/plural";

type StreamedTask = { id?: number; title?: string; description?: string; priority?: string; dependencies?: unknown[] };

/** What the draft came with, kept beside it so a restored draft says the same. */
type DraftMeta = { model: string; warnings: string[]; cached: boolean; cachedAt?: string } & AnswerRoute;
type SavedDraft = { prd: string; mode: "append" | "replace"; numTasks: string; draft: PlanDraftTask[]; meta: DraftMeta };

// A draft is kept in this browser until it is accepted or discarded, so leaving the page (or
// reloading it) does not lose the model's work.
const draftKey = (projectId: string) => `cairn:plan-draft:${projectId}`;
function loadDraft(projectId: string): SavedDraft | null {
  try {
    const v = JSON.parse(localStorage.getItem(draftKey(projectId)) ?? "null") as SavedDraft | null;
    return v && Array.isArray(v.draft) && v.meta ? v : null;
  } catch {
    return null;
  }
}

function ago(iso: string): string {
  const mins = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
  if (mins < 1) return "just now";
  if (mins < 60) return `${mins} min ago`;
  const h = Math.round(mins / 60);
  return `${h} h ago`;
}

export function PlanFromPrd({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const job = useAiJob<ParsePrdResult>(projectId, "parse-prd");
  const accept = useAcceptPlan(projectId);
  const toast = useToast();
  const [prd, setPrd] = useState("");
  const [numTasks, setNumTasks] = useState("");
  const [mode, setMode] = useState<"append" | "replace">("append");
  const [draft, setDraft] = useState<PlanDraftTask[] | null>(null);
  const [meta, setMeta] = useState<DraftMeta | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { state } = job;

  useEffect(() => {
    const saved = loadDraft(projectId);
    if (!saved) return;
    setPrd(saved.prd);
    setMode(saved.mode);
    setNumTasks(saved.numTasks);
    setDraft(saved.draft);
    setMeta(saved.meta);
  }, [projectId]);

  useEffect(() => {
    if (state.phase !== "done") return;
    const r = state.result;
    setDraft(r.draft);
    setMeta({
      model: r.model,
      warnings: r.warnings,
      cached: r.cached,
      role: r.role,
      routedBecause: r.routedBecause,
      external: r.external,
      ...(r.cachedAt ? { cachedAt: r.cachedAt } : {}),
    });
  }, [state]);

  useEffect(() => {
    if (draft && meta) {
      try {
        localStorage.setItem(draftKey(projectId), JSON.stringify({ prd, mode, numTasks, draft, meta } satisfies SavedDraft));
      } catch {
        /* storage full or blocked: the draft still lives on this page */
      }
    }
  }, [projectId, prd, mode, numTasks, draft, meta]);

  const forget = () => {
    localStorage.removeItem(draftKey(projectId));
    setDraft(null);
    setMeta(null);
  };
  const generate = (fresh: boolean) => {
    forget();
    accept.reset();
    void job.start({ prd, mode, ...(numTasks ? { numTasks: Number(numTasks) } : {}), ...(fresh ? { fresh: true } : {}) });
  };

  const streamed = useMemo(() => {
    if (state.phase !== "running") return [];
    const tasks = (state.partial as { tasks?: StreamedTask[] } | null)?.tasks;
    return Array.isArray(tasks) ? tasks.filter((t) => t && typeof t.title === "string" && t.title.length > 0) : [];
  }, [state]);

  if (project.data?.role === "viewer") return <ErrorBox>Viewers cannot add tasks to this project.</ErrorBox>;

  async function onFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (!/\.(md|markdown|txt)$/i.test(file.name)) return setFileError("Choose a .md or .txt file.");
    if (file.size > 400_000) return setFileError("That document is larger than 400 KB.");
    setPrd(await file.text());
  }

  const running = state.phase === "running";
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          generate(false);
        }}
      >
        <Field label="Requirements document" hint="Paste a PRD, or upload a .md or .txt file.">
          {(p) => (
            <Textarea
              {...p}
              value={prd}
              onChange={(e) => setPrd(e.target.value)}
              rows={14}
              placeholder="# My product&#10;&#10;Users can…"
              disabled={running}
              className="font-mono text-xs"
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <label className="cursor-pointer text-sm text-link underline underline-offset-2 hover:decoration-2">
            Upload a file
            <input
              type="file"
              accept=".md,.markdown,.txt,text/markdown,text/plain"
              className="sr-only"
              data-testid="prd-file"
              onChange={(e) => onFile(e.target.files?.[0])}
            />
          </label>
          {fileError && <span className="text-sm text-red-600">{fileError}</span>}
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Number of tasks" hint="Empty: the model decides.">
            {(p) => (
              <Input
                {...p}
                type="number"
                min={1}
                max={100}
                value={numTasks}
                onChange={(e) => setNumTasks(e.target.value)}
                className="w-28"
                disabled={running}
              />
            )}
          </Field>
          <Field label="Existing plan">
            {(p) => (
              <Select
                {...p}
                value={mode}
                onChange={(e) => setMode(e.target.value as "append" | "replace")}
                className="w-44"
                disabled={running}
              >
                <option value="append">Add to it</option>
                <option value="replace">Replace it</option>
              </Select>
            )}
          </Field>
        </div>
        <div className="flex gap-2">
          {/* Separate elements (keys): if React reused one <button>, Stop's click would end with the
              element already turned back into a submit button, and the browser would resubmit. */}
          {running ? (
            <Button key="stop" type="button" variant="danger" onClick={job.stop}>
              Stop
            </Button>
          ) : (
            <Button key="generate" type="submit" disabled={prd.trim().length < 20}>
              Generate plan
            </Button>
          )}
        </div>
      </form>

      <section aria-label="Draft plan" className="space-y-3" aria-live="polite">
        {state.phase === "idle" && !draft && (
          <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-muted dark:border-zinc-700">
            The model’s plan appears here as it writes. Nothing is added to the project until you accept it.
          </p>
        )}
        {running && (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300" data-testid="plan-status">
            <Spinner /> {state.model ? `${state.model} is writing` : "Waiting for the model"}…{" "}
            {streamed.length > 0 && `${plural(streamed.length, "task")} so far`}
          </p>
        )}
        {running &&
          streamed.map((t, i) => (
            <div
              key={i}
              data-testid="streamed-card"
              className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <p className="text-sm font-medium">
                <span className="mr-1.5 font-mono text-xs text-muted">{i + 1}</span>
                {t.title}
              </p>
              {t.description && <p className="mt-1 text-xs text-muted">{t.description}</p>}
            </div>
          ))}
        {(state.phase === "stopped" || state.phase === "failed") && <AiRunStatus state={state} onStop={job.stop} what="writing" />}
        {draft && meta && !running && !accept.isSuccess && (
          <>
            {meta.cached && (
              <p
                className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-200"
                data-testid="plan-cached"
              >
                From cache{meta.cachedAt ? `, ${ago(meta.cachedAt)}` : ""} — Generate again for a fresh answer.
              </p>
            )}
            <AnsweredBy result={meta} />
            <DraftEditor
              draft={draft}
              setDraft={setDraft}
              model={meta.model}
              warnings={meta.warnings}
              busy={accept.isPending}
              error={accept.isError ? errorMessage(accept.error) : null}
              onAccept={() =>
                accept.mutate(
                  { mode, tasks: draft },
                  {
                    onSuccess: (r) => {
                      forget();
                      toast({ tone: "success", message: `Added ${r.applied.length} tasks to the plan` });
                    },
                  },
                )
              }
              onAgain={() => generate(true)}
              onDiscard={() => (forget(), job.reset())}
            />
          </>
        )}
        {accept.isSuccess && (
          <div
            className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950/40"
            data-testid="plan-accepted"
          >
            Added {accept.data.applied.length} tasks (#{accept.data.applied[0]?.ref}–#{accept.data.applied.at(-1)?.ref}).{" "}
            <Link href={`/projects/${projectId}/board`} className="font-medium text-link underline underline-offset-2 hover:decoration-2">
              Open the board
            </Link>
          </div>
        )}
      </section>
    </div>
  );
}

function DraftEditor({
  draft,
  setDraft,
  model,
  warnings,
  busy,
  error,
  onAccept,
  onAgain,
  onDiscard,
}: {
  draft: PlanDraftTask[];
  setDraft: (d: PlanDraftTask[]) => void;
  model: string;
  warnings: string[];
  busy: boolean;
  error: string | null;
  onAccept: () => void;
  onAgain: () => void;
  onDiscard: () => void;
}) {
  const update = (i: number, patch: Partial<PlanDraftTask>) => setDraft(draft.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const remove = (i: number) => {
    const gone = draft[i]!.draftId;
    setDraft(draft.filter((_, j) => j !== i).map((t) => ({ ...t, dependencies: t.dependencies.filter((d) => d !== gone) })));
  };
  const titleOf = (id: number) => draft.find((t) => t.draftId === id)?.title ?? `#${id}`;
  return (
    <div className="space-y-3" data-testid="plan-draft">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        {draft.length} tasks drafted by <span className="font-medium">{model}</span>. Edit or remove any, then accept.
      </p>
      {warnings.length > 0 && (
        <details className="text-xs text-amber-700 dark:text-amber-400">
          <summary className="cursor-pointer">{plural(warnings.length, "adjustment")} made to the model’s answer</summary>
          <ul className="mt-1 list-disc pl-5">
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      <ol className="space-y-2">
        {draft.map((t, i) => (
          <li
            key={t.draftId}
            className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="draft-card"
          >
            <div className="flex items-start gap-2">
              <span className="pt-2 font-mono text-xs text-muted">{i + 1}</span>
              <div className="min-w-0 flex-1 space-y-2">
                <Input
                  value={t.title}
                  onChange={(e) => update(i, { title: e.target.value })}
                  aria-label={`Title of draft task ${i + 1}`}
                  maxLength={300}
                />
                <Textarea
                  value={t.description}
                  onChange={(e) => update(i, { description: e.target.value })}
                  aria-label={`Description of draft task ${i + 1}`}
                  rows={2}
                  className="text-xs"
                />
                <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                  <Select
                    value={t.priority}
                    onChange={(e) => update(i, { priority: e.target.value as TaskPriority })}
                    aria-label={`Priority of draft task ${i + 1}`}
                    className="h-7 w-28 py-0 text-xs"
                  >
                    {TASK_PRIORITIES.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </Select>
                  <PriorityLabel priority={t.priority} />
                  {t.dependencies.length > 0 && <span>after: {t.dependencies.map(titleOf).join(", ")}</span>}
                </div>
              </div>
              <button
                type="button"
                onClick={() => remove(i)}
                aria-label={`Remove draft task ${i + 1}`}
                className="rounded px-1.5 text-muted hover:text-red-600"
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {error && <ErrorBox>{error}</ErrorBox>}
      <div className="flex gap-2">
        <Button onClick={onAccept} busy={busy} disabled={draft.length === 0}>
          Accept {plural(draft.length, "task")}
        </Button>
        <Button variant="secondary" onClick={onAgain}>
          Generate again
        </Button>
        <Button variant="ghost" onClick={onDiscard}>
          Discard
        </Button>
      </div>
    </div>
  );
}
