"use client";
import { useState } from "react";
import { ExpandPanel, UpdatePanel } from "@/components/ai/task-ai-panels";
import { BlockedBadge, StatusBadge, STATUS_LABEL } from "@/components/ui/badges";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import type { TaskDto } from "@/lib/tasks/types";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { DetailsField } from "./details-field";
import { History } from "./history";
import { Notes } from "./notes";
import { Prerequisites } from "./prerequisites";
import { Subtasks } from "./subtasks";
import { ExternalLinks } from "./external-links";

/** A task's fields as a form, then its prerequisites, subtasks, AI actions, notes and history. */
export function TaskEditor({
  projectId,
  task,
  canEdit,
  onClose,
  onOpen,
}: {
  projectId: string;
  task: TaskDto;
  canEdit: boolean;
  onClose: () => void;
  onOpen: (ref: string) => void;
}) {
  const m = useTaskMutations(projectId);
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);

  function save(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? "");
    const num = (k: string) => (str(k).trim() === "" ? null : Number(str(k)));
    setError(null);
    m.update.mutate(
      {
        ref: task.ref,
        version: task.version,
        title: str("title"),
        description: str("description"),
        details: str("details"),
        testStrategy: str("testStrategy"),
        status: str("status"),
        priority: str("priority"),
        complexity: num("complexity"),
        assignee: str("assignee").trim() || null,
        dueDate: str("dueDate") || null,
        labels: str("labels")
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean),
      },
      {
        onSuccess: () => toast({ tone: "success", message: `Saved #${task.ref}` }),
        onError: (err) =>
          setError(
            err instanceof ApiError && err.code === "conflict"
              ? "Someone else changed this task while you were editing. The form now shows their version; re-apply your change."
              : errorMessage(err),
          ),
      },
    );
  }

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={task.status} />
        <BlockedBadge by={task.blockedBy} />
        {task.parent && (
          <button className="text-zinc-500 hover:underline" onClick={() => onOpen(task.parent!)}>
            subtask of #{task.parent}
          </button>
        )}
        <span className="ml-auto text-xs text-zinc-400">version {task.version}</span>
      </div>
      {error && <ErrorBox>{error}</ErrorBox>}
      <form onSubmit={save} className="grid gap-3 sm:grid-cols-2">
        <fieldset disabled={!canEdit} className="contents">
          <div className="sm:col-span-2">
            <Field label="Title">
              {(p) => <Input {...p} name="title" defaultValue={task.title} required maxLength={TASK_LIMITS.title} />}
            </Field>
          </div>
          <Field label="Status">
            {(p) => (
              <Select {...p} name="status" defaultValue={task.status}>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABEL[s]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Priority">
            {(p) => (
              <Select {...p} name="priority" defaultValue={task.priority}>
                {TASK_PRIORITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <div className="sm:col-span-2">
            <Field label="Description">{(p) => <Textarea {...p} name="description" rows={2} defaultValue={task.description} />}</Field>
          </div>
          <div className="sm:col-span-2">
            <DetailsField details={task.details} canEdit={canEdit} />
          </div>
          <div className="sm:col-span-2">
            <Field label="Test strategy">{(p) => <Textarea {...p} name="testStrategy" rows={2} defaultValue={task.testStrategy} />}</Field>
          </div>
          <Field label="Complexity (1–10)">
            {(p) => <Input {...p} name="complexity" type="number" min={1} max={10} defaultValue={task.complexity ?? ""} />}
          </Field>
          <Field label="Assignee">
            {(p) => <Input {...p} name="assignee" defaultValue={task.assignee ?? ""} maxLength={TASK_LIMITS.assignee} />}
          </Field>
          <Field label="Due date">
            {(p) => <Input {...p} name="dueDate" type="date" defaultValue={task.dueDate?.slice(0, 10) ?? ""} />}
          </Field>
          <Field label="Labels" hint="Comma separated.">
            {(p) => <Input {...p} name="labels" defaultValue={task.labels.join(", ")} />}
          </Field>
          {canEdit && (
            <div className="flex justify-end gap-2 sm:col-span-2">
              <Button type="button" variant="ghost" onClick={onClose}>
                Close
              </Button>
              <Button type="submit" busy={m.update.isPending}>
                Save changes
              </Button>
            </div>
          )}
        </fieldset>
      </form>

      <ExternalLinks task={task} />
      <Prerequisites projectId={projectId} task={task} canEdit={canEdit} onOpen={onOpen} />

      {!task.parent && <Subtasks projectId={projectId} task={task} canEdit={canEdit} onOpen={onOpen} />}
      {canEdit && (
        <details className="text-sm" data-testid="task-ai">
          <summary className="cursor-pointer font-semibold">AI: expand or update</summary>
          <div className="mt-2 space-y-3">
            {!task.parent && <ExpandPanel projectId={projectId} task={task} />}
            {task.status !== "done" && <UpdatePanel projectId={projectId} task={task} />}
          </div>
        </details>
      )}
      <Notes projectId={projectId} taskRef={task.ref} canEdit={canEdit} />
      <History projectId={projectId} taskRef={task.ref} />
    </div>
  );
}
