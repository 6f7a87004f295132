"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useNotes, useTaskMutations } from "@/lib/hooks/use-tasks";

export function Notes({ projectId, taskRef, canEdit }: { projectId: string; taskRef: string; canEdit: boolean }) {
  const notes = useNotes(projectId, taskRef);
  const m = useTaskMutations(projectId);
  const [body, setBody] = useState("");
  useEffect(() => setBody(""), [taskRef]);
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">Notes</h3>
      {notes.data?.length ? (
        <ol className="space-y-2 border-l border-zinc-200 pl-3 text-sm dark:border-zinc-800">
          {notes.data.map((n) => (
            <li key={n.id}>
              <p className="text-xs text-muted">
                {n.author?.name ?? "Someone"} · {new Date(n.createdAt).toLocaleString()}
              </p>
              <p className="whitespace-pre-wrap break-words" data-testid="note-body">
                {n.body}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted">{notes.isPending ? "Loading…" : "No notes yet."}</p>
      )}
      {canEdit && (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            m.addNote.mutate({ ref: taskRef, body }, { onSuccess: () => setBody("") });
          }}
        >
          <Input value={body} onChange={(e) => setBody(e.target.value)} placeholder="Add a note" aria-label="New note" className="flex-1" />
          <Button type="submit" variant="secondary" busy={m.addNote.isPending} disabled={!body.trim()}>
            Add note
          </Button>
        </form>
      )}
    </section>
  );
}
