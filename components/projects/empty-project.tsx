"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAiStatus } from "@/lib/hooks/use-ai";
import { useProject } from "@/lib/hooks/use-projects";
import { ImportDialog } from "./import-dialog";

/**
 * What a project with no tasks offers instead of an empty board: plan from a PRD (saying whether a
 * model is reachable — without one the page still opens), import a Task Master file, or add a task.
 */
export function EmptyProject({ projectId, canEdit, onAddTask }: { projectId: string; canEdit: boolean; onAddTask?: () => void }) {
  const ai = useAiStatus();
  const project = useProject(projectId);
  const [importing, setImporting] = useState(false);
  const main = ai.data?.roles.main.firstUsable;
  const modelLine = ai.isPending
    ? "Checking for a model…"
    : ai.data?.ready && main
      ? `Model ready: ${main.model} on ${main.endpointName}.`
      : `No model is reachable${ai.data?.problem ? ` (${ai.data.problem})` : ""}. You can still write the PRD; generating needs a model.`;
  const card = "flex flex-col gap-2 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";
  return (
    <section aria-labelledby="empty-project-title" className="space-y-4" data-testid="empty-project">
      <div>
        <h2 id="empty-project-title" className="text-lg font-semibold">
          This project has no tasks yet
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">Start it one of three ways.</p>
      </div>
      {!canEdit && (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">You are a viewer here: an editor or the owner adds the tasks.</p>
      )}
      {canEdit && (
        <div className="grid gap-3 md:grid-cols-3">
          <div className={card}>
            <h3 className="font-medium">Plan from a PRD</h3>
            <p className="flex-1 text-sm text-zinc-600 dark:text-zinc-300">
              Paste a requirements document; the model drafts a dependency-ordered plan you review before anything is saved.
            </p>
            <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="empty-project-model" aria-live="polite">
              {modelLine}
            </p>
            <Link
              href={`/projects/${projectId}/plan`}
              className="inline-flex h-9 items-center justify-center rounded-lg bg-[var(--color-accent)] px-3 text-sm font-medium text-white hover:opacity-90"
            >
              Plan from a PRD
            </Link>
          </div>
          <div className={card}>
            <h3 className="font-medium">Import a Task Master file</h3>
            <p className="flex-1 text-sm text-zinc-600 dark:text-zinc-300">
              Bring the tasks of <code className="text-xs">.taskmaster/tasks/tasks.json</code> into this project: you see a preview before
              anything is written.
            </p>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              Import a Task Master file
            </Button>
          </div>
          <div className={card}>
            <h3 className="font-medium">Add a task</h3>
            <p className="flex-1 text-sm text-zinc-600 dark:text-zinc-300">Write the first task yourself on the board.</p>
            {onAddTask ? (
              <Button variant="secondary" onClick={onAddTask}>
                Add a task
              </Button>
            ) : (
              <Link
                href={`/projects/${projectId}/board?new=1`}
                className="inline-flex h-9 items-center justify-center rounded-lg border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Add a task
              </Link>
            )}
          </div>
        </div>
      )}
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        into={{ id: projectId, name: project.data?.name ?? "this project" }}
      />
    </section>
  );
}
