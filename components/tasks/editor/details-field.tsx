"use client";
import { useState } from "react";
import { Textarea } from "@/components/ui/field";
import { Markdown } from "@/components/ui/markdown";

/** Details are markdown: shown rendered, edited as text (the textarea always stays in the form). */
export function DetailsField({ details, canEdit }: { details: string; canEdit: boolean }) {
  const [writing, setWriting] = useState(details.trim() === "" && canEdit);
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Details</span>
        {canEdit && (
          <button
            type="button"
            className="ml-auto text-link underline underline-offset-2 hover:decoration-2"
            onClick={() => setWriting((w) => !w)}
          >
            {writing ? "Preview" : "Edit"}
          </button>
        )}
      </div>
      <Textarea
        name="details"
        aria-label="Details"
        rows={6}
        defaultValue={details}
        className={`font-mono text-xs ${writing ? "" : "hidden"}`}
      />
      {!writing && (
        <div className="min-h-10 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="details-preview">
          {details.trim() ? <Markdown text={details} /> : <p className="text-sm text-muted">No details.</p>}
        </div>
      )}
    </div>
  );
}
