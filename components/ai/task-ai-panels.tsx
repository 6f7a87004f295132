"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { ExpandDraft, ExpandResult, TaskUpdateDraft, UpdateTasksResult } from "@/lib/ai/jobs/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAcceptDraft, useAiJob } from "@/lib/hooks/use-ai-job";
import type { TaskDto } from "@/lib/tasks/types";
import { AiRunStatus } from "./ai-run-status";
import { plural } from "@/lib/plural";
import { AnsweredBy } from "./answered-by";

type Streamed = { subtasks?: { title?: string }[] };

/** Expand a task into subtasks: a draft streams in, the user edits titles, then accepts. */
export function ExpandPanel({ projectId, task }: { projectId: string; task: TaskDto }) {
  const job = useAiJob<ExpandResult>(projectId, "expand");
  const accept = useAcceptDraft<{ created: TaskDto[]; removed: string[] }>(projectId, "expand");
  const toast = useToast();
  const [num, setNum] = useState("");
  const [prompt, setPrompt] = useState("");
  const [mode, setMode] = useState<"append" | "replace">("append");
  const [draft, setDraft] = useState<ExpandDraft | null>(null);
  const { state } = job;
  const result = state.phase === "done" ? state.result : null;
  if (result && draft === null) setDraft(result.draft);
  const streamed = state.phase === "running" ? ((state.partial as Streamed | null)?.subtasks ?? []).filter((s) => s?.title) : [];
  const fallback = task.recommendedSubtasks ? `${task.recommendedSubtasks} (recommended)` : "5";

  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="expand-panel">
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setDraft(null);
          accept.reset();
          void job.start({ ref: task.ref, mode, ...(num ? { num: Number(num) } : {}), ...(prompt.trim() ? { prompt } : {}) });
        }}
      >
        <Input
          type="number"
          min={1}
          max={50}
          value={num}
          onChange={(e) => setNum(e.target.value)}
          placeholder={fallback}
          aria-label="Number of subtasks"
          className="w-40"
        />
        <Select
          value={mode}
          onChange={(e) => setMode(e.target.value as "append" | "replace")}
          aria-label="Existing subtasks"
          className="w-44"
        >
          <option value="append">Add to subtasks</option>
          <option value="replace">Replace subtasks</option>
        </Select>
        <Input
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder="Extra instruction (optional)"
          aria-label="Extra instruction"
          className="min-w-48 flex-1"
        />
        {state.phase !== "running" && (
          <Button key="expand" type="submit" variant="secondary">
            Expand with AI
          </Button>
        )}
      </form>
      <AiRunStatus state={state} onStop={job.stop} what="writing subtasks" />
      {streamed.map((s, i) => (
        <p key={i} className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="streamed-subtask">
          {i + 1}. {s.title}
        </p>
      ))}
      {draft && result && !accept.isSuccess && (
        <div className="space-y-2" data-testid="expand-draft">
          <AnsweredBy result={result} />
          <p className="text-xs text-muted">
            {plural(draft.subtasks.length, "subtask")} from {result.model}
            {draft.removes.length > 0 && ` — accepting replaces ${draft.removes.map((r) => `#${r}`).join(", ")}`}
          </p>
          {draft.subtasks.map((s, i) => (
            <div key={s.draftId} className="flex items-center gap-2">
              <span className="w-5 text-right font-mono text-xs text-muted">{i + 1}</span>
              <Input
                value={s.title}
                aria-label={`Subtask draft ${i + 1}`}
                onChange={(e) =>
                  setDraft({ ...draft, subtasks: draft.subtasks.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })
                }
                className="flex-1"
              />
              <button
                type="button"
                aria-label={`Drop subtask draft ${i + 1}`}
                className="px-1 text-muted hover:text-red-600"
                onClick={() =>
                  setDraft({
                    ...draft,
                    subtasks: draft.subtasks
                      .filter((_, j) => j !== i)
                      .map((x) => ({ ...x, dependencies: x.dependencies.filter((d) => d !== s.draftId) })),
                  })
                }
              >
                ✕
              </button>
            </div>
          ))}
          {accept.isError && <ErrorBox>{errorMessage(accept.error)}</ErrorBox>}
          <div className="flex gap-2">
            <Button
              size="sm"
              busy={accept.isPending}
              disabled={draft.subtasks.length === 0}
              onClick={() =>
                accept.mutate(
                  { drafts: [draft] },
                  { onSuccess: (r) => toast({ tone: "success", message: `Added ${plural(r.created.length, "subtask")} to #${task.ref}` }) },
                )
              }
            >
              Accept {plural(draft.subtasks.length, "subtask")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => (setDraft(null), job.reset())}>
              Discard
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

const FIELD_LABEL: Record<string, string> = {
  title: "Title",
  description: "Description",
  details: "Details",
  testStrategy: "Test strategy",
  priority: "Priority",
};

/** Update from a prompt: the proposed change is shown as a diff per task, accepted per task. */
export function UpdatePanel({ projectId, task }: { projectId: string; task: TaskDto }) {
  const job = useAiJob<UpdateTasksResult>(projectId, "update");
  const accept = useAcceptDraft<{ tasks: TaskDto[] }>(projectId, "update");
  const toast = useToast();
  const [prompt, setPrompt] = useState("");
  const [from, setFrom] = useState(false);
  const [rejected, setRejected] = useState<string[]>([]);
  const { state } = job;
  const drafts: TaskUpdateDraft[] = state.phase === "done" ? state.result.draft : [];
  const kept = drafts.filter((d) => !rejected.includes(d.ref));
  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="update-panel">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          setRejected([]);
          accept.reset();
          void job.start({ ...(from ? { fromRef: task.ref } : { ref: task.ref }), prompt });
        }}
      >
        <Textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={2}
          placeholder="e.g. We switched from Postgres to SQLite"
          aria-label="What changed"
        />
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
            <input type="checkbox" checked={from} onChange={(e) => setFrom(e.target.checked)} /> Also every later task (#{task.ref} on);
            done tasks are never changed
          </label>
          {state.phase !== "running" && (
            <Button key="update" type="submit" variant="secondary" size="sm" disabled={prompt.trim().length < 3}>
              Propose changes
            </Button>
          )}
        </div>
      </form>
      <AiRunStatus state={state} onStop={job.stop} what="proposing changes" />
      {state.phase === "done" && drafts.length === 0 && <p className="text-sm text-muted">The model proposed no changes.</p>}
      {state.phase === "done" && !accept.isSuccess && drafts.length > 0 && (
        <div className="space-y-3" data-testid="update-draft">
          {state.phase === "done" && <AnsweredBy result={state.result} />}
          {drafts.map((d) => (
            <div
              key={d.ref}
              className={`rounded-md border p-2 text-sm ${rejected.includes(d.ref) ? "opacity-50" : ""} border-zinc-200 dark:border-zinc-800`}
            >
              <div className="mb-1 flex items-center gap-2">
                <span className="font-mono text-xs text-muted">#{d.ref}</span>
                <label className="ml-auto flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    checked={!rejected.includes(d.ref)}
                    onChange={(e) => setRejected(e.target.checked ? rejected.filter((r) => r !== d.ref) : [...rejected, d.ref])}
                    aria-label={`Accept changes to #${d.ref}`}
                  />
                  accept
                </label>
              </div>
              {Object.entries(d.after).map(([field, value]) => (
                <div key={field} className="mb-1">
                  <p className="text-xs font-medium text-muted">{FIELD_LABEL[field] ?? field}</p>
                  <p className="rounded bg-red-50 px-1.5 text-xs text-red-800 line-through dark:bg-red-950/40 dark:text-red-300">
                    {String(d.before[field as keyof typeof d.before] ?? "") || "—"}
                  </p>
                  <p className="rounded bg-emerald-50 px-1.5 text-xs text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300">
                    {String(value)}
                  </p>
                </div>
              ))}
            </div>
          ))}
          {accept.isError && <ErrorBox>{errorMessage(accept.error)}</ErrorBox>}
          <Button
            size="sm"
            busy={accept.isPending}
            disabled={kept.length === 0}
            onClick={() =>
              accept.mutate(
                { tasks: kept },
                {
                  onSuccess: (r) => toast({ tone: "success", message: `Updated ${plural(r.tasks.length, "task")}` }),
                },
              )
            }
          >
            Apply {plural(kept.length, "change")}
          </Button>
        </div>
      )}
    </div>
  );
}
