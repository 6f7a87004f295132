"use client";
import { useState } from "react";
import { Input } from "@/components/ui/field";
import { TASK_LIMITS } from "@/lib/validation/limits";

/**
 * Labels as chips: removing one or adding one (Enter, a comma, or leaving the field) saves at
 * once, as an addition or removal that composes with anyone else's label edits.
 */
export function LabelsField({
  labels,
  canEdit,
  onAdd,
  onRemove,
}: {
  labels: string[];
  canEdit: boolean;
  onAdd: (labels: string[]) => Promise<boolean>;
  onRemove: (label: string) => void;
}) {
  const [text, setText] = useState("");
  const add = async () => {
    const wanted = [...new Set(text.split(",").map((l) => l.trim()))].filter((l) => l && !labels.includes(l));
    if (wanted.length === 0) return setText("");
    if (await onAdd(wanted)) setText("");
  };
  return (
    <div className="space-y-1">
      <label htmlFor="task-label-input" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Labels
      </label>
      <div className="flex min-h-9 flex-wrap items-center gap-1.5 rounded-md border border-zinc-300 px-1.5 py-1 dark:border-zinc-700">
        <ul className="contents" data-testid="task-labels">
          {labels.map((l) => (
            <li
              key={l}
              className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
            >
              {l}
              {canEdit && (
                <button
                  type="button"
                  aria-label={`Remove label ${l}`}
                  className="text-muted hover:text-red-600"
                  onClick={() => onRemove(l)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <Input
            id="task-label-input"
            value={text}
            maxLength={TASK_LIMITS.labelLength * 4}
            placeholder={labels.length ? "Add…" : "Add a label"}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => void add()}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === ",") {
                e.preventDefault();
                void add();
              } else if (e.key === "Backspace" && text === "" && labels.length) onRemove(labels[labels.length - 1]!);
            }}
            className="h-7 min-w-24 flex-1 border-0 px-1 focus:ring-0"
          />
        ) : (
          labels.length === 0 && <span className="px-1 text-sm text-muted">None</span>
        )}
      </div>
    </div>
  );
}
