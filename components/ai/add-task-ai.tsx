"use client";
import { useState } from "react";
import { PriorityLabel } from "@/components/ui/badges";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox, Input, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { AddTaskResult } from "@/lib/ai/jobs/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAcceptDraft, useAiJob } from "@/lib/hooks/use-ai-job";
import type { TaskDto } from "@/lib/tasks/types";
import { AiRunStatus } from "./ai-run-status";
import { AnsweredBy } from "./answered-by";

/** Describe a task in words; the model fills the fields and suggests prerequisites. */
export function AddTaskWithAi({ projectId }: { projectId: string }) {
  const [open, setOpen] = useState(false);
  const job = useAiJob<AddTaskResult>(projectId, "add-task");
  const accept = useAcceptDraft<{ task: TaskDto }>(projectId, "add-task");
  const toast = useToast();
  const [prompt, setPrompt] = useState("");
  const [title, setTitle] = useState<string | null>(null);
  const { state } = job;
  const draft = state.phase === "done" ? state.result.draft : null;
  const close = () => (setOpen(false), job.stop(), job.reset(), accept.reset(), setTitle(null));
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Add with AI
      </Button>
      <Dialog open={open} onClose={close} title="Add a task with AI" wide>
        <div className="space-y-3">
          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              setTitle(null);
              void job.start({ prompt });
            }}
          >
            <Textarea
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              rows={3}
              placeholder="e.g. Nightly backups of the database to the NAS"
              aria-label="Describe the task"
            />
            {state.phase !== "running" && (
              <Button key="draft" type="submit" disabled={prompt.trim().length < 5}>
                Draft the task
              </Button>
            )}
          </form>
          <AiRunStatus state={state} onStop={job.stop} what="drafting the task" />
          {draft && !accept.isSuccess && (
            <div className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="add-task-draft">
              <Input value={title ?? draft.title} onChange={(e) => setTitle(e.target.value)} aria-label="Drafted title" />
              {state.phase === "done" && <AnsweredBy result={state.result} />}
              <p className="text-zinc-600 dark:text-zinc-300">{draft.description}</p>
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                <PriorityLabel priority={draft.priority} />
                {draft.dependencies.length > 0 ? (
                  <span>depends on {draft.dependencies.map((d) => `#${d}`).join(", ")}</span>
                ) : (
                  <span>no prerequisites suggested</span>
                )}
              </div>
              {accept.isError && <ErrorBox>{errorMessage(accept.error)}</ErrorBox>}
              <Button
                busy={accept.isPending}
                onClick={() =>
                  accept.mutate(
                    { draft: { ...draft, title: title ?? draft.title } },
                    { onSuccess: (r) => (toast({ tone: "success", message: `Created #${r.task.ref}` }), close(), setPrompt("")) },
                  )
                }
              >
                Add this task
              </Button>
            </div>
          )}
        </div>
      </Dialog>
    </>
  );
}
