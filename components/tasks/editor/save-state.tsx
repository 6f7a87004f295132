"use client";
import { Button } from "@/components/ui/button";
import { STATUS_LABEL } from "@/components/ui/badges";
import { FIELD_LABEL, type Autosave, type EditableField } from "@/lib/hooks/use-task-autosave";
import { useHistory } from "@/lib/hooks/use-tasks";
import type { TaskStatus } from "@/lib/validation/common";

const names = (fields: EditableField[]) => {
  const l = fields.map((f) => FIELD_LABEL[f]);
  return l.length <= 1 ? (l[0] ?? "") : `${l.slice(0, -1).join(", ")} and ${l[l.length - 1]}`;
};

/** A value as a person reads it. */
function shown(f: EditableField, v: string | undefined): string {
  if (v === undefined || v === "") return "(empty)";
  if (f === "status") return STATUS_LABEL[v as TaskStatus] ?? v;
  return v.length > 400 ? `${v.slice(0, 400)}…` : v;
}

/** "Saving…" / "Saved", said quietly to screen readers too. */
export function SaveState({ save }: { save: Autosave }) {
  const text = save.state === "saving" ? "Saving…" : save.problem ? "Not saved" : save.state === "saved" ? "Saved" : "";
  return (
    <span role="status" aria-live="polite" data-testid="save-state" className="text-xs text-muted">
      {text}
    </span>
  );
}

/** A failed save (with Retry) or a conflict with someone else's change (theirs next to mine). */
export function SaveProblem({ save, projectId, taskRef }: { save: Autosave; projectId: string; taskRef: string }) {
  const history = useHistory(projectId, taskRef);
  const p = save.problem;
  if (!p) return null;
  if (p.kind === "error") {
    return (
      <div
        role="alert"
        data-testid="save-error"
        className="flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
      >
        <span className="min-w-0 flex-1">
          {p.fields.length ? `${names(p.fields)} not saved: ` : "Not saved: "}
          {p.message}
          {p.fields.length > 0 && " Your edit is kept here."}
        </span>
        <Button size="sm" variant="secondary" onClick={() => void save.retry()}>
          Retry
        </Button>
      </div>
    );
  }
  const who = (f: EditableField) => history.data?.find((e) => e.kind === "updated" && e.field === f)?.actor?.name;
  return (
    <div
      role="alert"
      data-testid="save-conflict"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <p className="font-medium">
        Someone else changed {names(p.fields)} while you were editing. Nothing is saved yet; choose which to keep.
      </p>
      <dl className="space-y-1.5">
        {p.fields.map((f) => (
          <div key={f} className="grid grid-cols-[auto_1fr] gap-x-2">
            <dt className="text-xs font-semibold">{who(f) ? `${FIELD_LABEL[f]}, now (by ${who(f)})` : `${FIELD_LABEL[f]}, now`}</dt>
            <dd className="whitespace-pre-wrap break-words" data-testid={`theirs-${f}`}>
              {shown(f, p.theirs[f])}
            </dd>
            <dt className="text-xs font-semibold">Yours</dt>
            <dd className="whitespace-pre-wrap break-words" data-testid={`mine-${f}`}>
              {shown(f, save.value(f))}
            </dd>
          </div>
        ))}
      </dl>
      <div className="flex gap-2">
        <Button size="sm" onClick={() => void save.keepMine()}>
          Keep mine
        </Button>
        <Button size="sm" variant="secondary" onClick={() => void save.useTheirs()}>
          Use theirs
        </Button>
      </div>
    </div>
  );
}
