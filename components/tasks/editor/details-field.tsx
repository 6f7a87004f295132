"use client";
import { useEffect, useRef } from "react";
import { Textarea } from "@/components/ui/field";
import { Markdown } from "@/components/ui/markdown";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { keepFocus } from "./keep-focus";

interface Props {
  value: string;
  canEdit: boolean;
  /** Writing (the textarea) or reading (rendered markdown). */
  writing: boolean;
  setWriting: (w: boolean) => void;
  onChange: (v: string) => void;
  /** Save what was written (on blur and ⌘/Ctrl+Enter); false when the editor holds the edit (a close is asking about it). */
  onCommit: () => boolean;
}

/** Details are markdown: shown rendered, edited as text; leaving the text or ⌘/Ctrl+Enter saves it. */
export function DetailsField({ value, canEdit, writing, setWriting, onChange, onCommit }: Props) {
  const editing = canEdit && writing;
  // Switching to writing by hand puts the cursor in the text; opening the drawer does not.
  const area = useRef<HTMLTextAreaElement>(null);
  const focusNext = useRef(false);
  useEffect(() => {
    if (editing && focusNext.current) area.current?.focus();
    focusNext.current = false;
  }, [editing]);
  const write = () => {
    focusNext.current = true;
    setWriting(true);
  };
  const finish = () => {
    if (onCommit() && value.trim()) setWriting(false);
  };
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <label htmlFor="task-details">Details</label>
        {canEdit && value.trim() !== "" && (
          <button
            type="button"
            {...keepFocus}
            className="ml-auto text-link underline underline-offset-2 hover:decoration-2"
            onClick={() => (editing ? finish() : write())}
          >
            {editing ? "Preview" : "Edit"}
          </button>
        )}
      </div>
      {editing ? (
        <Textarea
          ref={area}
          id="task-details"
          name="details"
          rows={8}
          value={value}
          maxLength={TASK_LIMITS.details}
          placeholder="Markdown: steps, notes, links…"
          onChange={(e) => onChange(e.target.value)}
          onBlur={finish}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              finish();
            }
          }}
          className="font-mono text-xs"
        />
      ) : (
        <div
          className={`min-h-10 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800 ${canEdit ? "cursor-text" : ""}`}
          data-testid="details-preview"
          onClick={(e) => canEdit && !(e.target as HTMLElement).closest("a") && write()}
        >
          {value.trim() ? <Markdown text={value} /> : <p className="text-sm text-muted">No details.</p>}
        </div>
      )}
    </div>
  );
}
