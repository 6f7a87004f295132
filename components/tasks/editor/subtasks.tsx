"use client";
import type { SectionProps } from "./section-props";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useReorderSubtask, useTaskMutations } from "@/lib/hooks/use-tasks";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { keepFocus } from "./keep-focus";

/** A top-level task's subtasks: open one (click or Enter), tick done, reorder, add. */
export function Subtasks({ projectId, task, canEdit, onOpen }: SectionProps) {
  const m = useTaskMutations(projectId);
  const move = useReorderSubtask(projectId);
  const reorder = (ref: string, status: string, afterRef: string | null) =>
    move.mutate({ ref, status, afterRef }, { onError: (e) => setError(errorMessage(e)) });
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">
        Subtasks{" "}
        {task.subtasks.length > 0 && (
          <span className="font-normal text-muted">
            {task.subtasks.filter((s) => s.status === "done").length}/{task.subtasks.length}
          </span>
        )}
      </h3>
      <ul className="space-y-1 text-sm">
        {task.subtasks.map((s, i) => (
          <li key={s.ref} className="group flex items-center gap-2">
            <input
              type="checkbox"
              aria-label={`Mark #${s.ref} done`}
              checked={s.status === "done"}
              disabled={!canEdit}
              onChange={(e) =>
                m.update.mutate(
                  { ref: s.ref, status: e.target.checked ? "done" : "pending" },
                  { onError: (err) => setError(errorMessage(err)) },
                )
              }
            />
            <button
              type="button"
              {...keepFocus}
              className="flex min-w-0 flex-1 items-baseline gap-2 rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-[var(--color-accent)]"
              onClick={() => onOpen(s.ref)}
              data-testid={`subtask-${s.ref}`}
            >
              <span className="font-mono text-xs text-muted">#{s.ref}</span>
              <span className={`min-w-0 flex-1 ${s.status === "done" ? "text-muted line-through" : ""}`}>{s.title}</span>
            </button>
            {canEdit && task.subtasks.length > 1 && (
              <span className="flex gap-0.5 opacity-60 group-hover:opacity-100">
                <button
                  type="button"
                  aria-label={`Move #${s.ref} up`}
                  disabled={i === 0}
                  className="rounded px-1 text-xs disabled:opacity-30"
                  onClick={() => reorder(s.ref, s.status, i - 2 >= 0 ? task.subtasks[i - 2]!.ref : null)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move #${s.ref} down`}
                  disabled={i === task.subtasks.length - 1}
                  className="rounded px-1 text-xs disabled:opacity-30"
                  onClick={() => reorder(s.ref, s.status, task.subtasks[i + 1]!.ref)}
                >
                  ↓
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            m.create.mutate({ title, parent: task.ref }, { onSuccess: () => setTitle(""), onError: (err) => setError(errorMessage(err)) });
          }}
        >
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Add a subtask"
            aria-label="New subtask title"
            className="flex-1"
            maxLength={TASK_LIMITS.title}
          />
          <Button type="submit" variant="secondary" aria-label="Add subtask" busy={m.create.isPending} disabled={!title.trim()}>
            Add
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </section>
  );
}
