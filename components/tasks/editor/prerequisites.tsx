"use client";
import type { SectionProps } from "./section-props";
import { useState } from "react";
import { StatusBadge } from "@/components/ui/badges";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import { TaskPicker } from "../task-picker";
import { keepFocus } from "./keep-focus";

/** The task's prerequisites, with remove buttons and a picker that adds one. */
export function Prerequisites({ projectId, task, canEdit, onOpen }: SectionProps) {
  const m = useTaskMutations(projectId);
  const toast = useToast();
  const [depError, setDepError] = useState<string | null>(null);
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">Depends on</h3>
      {task.prerequisites.length === 0 ? (
        <p className="text-sm text-muted">No prerequisites.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="prerequisites">
          {task.prerequisites.map((p) => (
            <li key={p.ref} className="flex items-center gap-2">
              <button type="button" {...keepFocus} className="font-mono text-xs text-muted hover:underline" onClick={() => onOpen(p.ref)}>
                #{p.ref}
              </button>
              <span className={p.status === "cancelled" ? "line-through" : ""}>{p.title}</span>
              <StatusBadge status={p.status} />
              {p.status === "cancelled" && <span className="text-xs text-amber-600">cancelled prerequisite</span>}
              {canEdit && (
                <button
                  aria-label={`Remove dependency on #${p.ref}`}
                  className="ml-auto text-xs text-muted hover:text-red-600"
                  onClick={() =>
                    m.removeDependency.mutate(
                      { ref: task.ref, dependsOn: p.ref },
                      { onError: (e) => toast({ tone: "error", message: errorMessage(e) }) },
                    )
                  }
                >
                  remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <TaskPicker
          projectId={projectId}
          label="Add prerequisite"
          exclude={[task.ref, ...task.dependencies]}
          onPick={(ref) => {
            setDepError(null);
            m.addDependency.mutate({ ref: task.ref, dependsOn: ref }, { onError: (err) => setDepError(errorMessage(err)) });
          }}
        />
      )}
      {depError && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="dependency-error">
          {depError}
        </p>
      )}
    </section>
  );
}
