"use client";
import { useEffect, useState } from "react";
import { BlockedBadge, StatusBadge, STATUS_LABEL } from "@/components/ui/badges";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import { useHistory, useNotes, useReorderSubtask, useTask, useTaskMutations } from "@/lib/hooks/use-tasks";
import type { TaskDto } from "@/lib/tasks/dto";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { Markdown } from "@/components/ui/markdown";
import { TaskPicker } from "./task-picker";
import { ExpandPanel, UpdatePanel } from "@/components/ai/task-ai-panels";

/** Details are markdown: shown rendered, edited as text (the textarea always stays in the form). */
function DetailsField({ details, canEdit }: { details: string; canEdit: boolean }) {
  const [writing, setWriting] = useState(details.trim() === "" && canEdit);
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Details</span>
        {canEdit && (
          <button type="button" className="ml-auto text-[var(--color-accent)] hover:underline" onClick={() => setWriting((w) => !w)}>
            {writing ? "Preview" : "Edit"}
          </button>
        )}
      </div>
      <Textarea name="details" aria-label="Details" rows={6} defaultValue={details} className={`font-mono text-xs ${writing ? "" : "hidden"}`} />
      {!writing && (
        <div className="min-h-10 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="details-preview">
          {details.trim() ? <Markdown text={details} /> : <p className="text-sm text-zinc-400">No details.</p>}
        </div>
      )}
    </div>
  );
}

interface Props {
  projectId: string;
  taskRef: string;
  canEdit: boolean;
  onClose: () => void;
  onOpen: (ref: string) => void;
}

export function TaskEditorDialog({ projectId, taskRef, canEdit, onClose, onOpen }: Props) {
  const task = useTask(projectId, taskRef);
  return (
    <Dialog open onClose={onClose} title={task.data ? `#${task.data.ref} ${task.data.title}` : `Task #${taskRef}`} wide>
      {task.isPending ? (
        <div className="flex items-center gap-2 text-sm text-zinc-500">
          <Spinner /> Loading…
        </div>
      ) : task.isError ? (
        <ErrorBox>
          {task.error instanceof ApiError && task.error.status === 404 ? `Task #${taskRef} does not exist (it may have been deleted).` : errorMessage(task.error)}
        </ErrorBox>
      ) : (
        <TaskEditor key={`${task.data.id}:${task.data.version}`} projectId={projectId} task={task.data} canEdit={canEdit} onClose={onClose} onOpen={onOpen} />
      )}
    </Dialog>
  );
}

export function TaskEditor({ projectId, task, canEdit, onClose, onOpen }: { projectId: string; task: TaskDto; canEdit: boolean; onClose: () => void; onOpen: (ref: string) => void }) {
  const m = useTaskMutations(projectId);
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [depError, setDepError] = useState<string | null>(null);

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
        labels: str("labels").split(",").map((l) => l.trim()).filter(Boolean),
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
            <Field label="Title">{(p) => <Input {...p} name="title" defaultValue={task.title} required maxLength={TASK_LIMITS.title} />}</Field>
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
          <Field label="Complexity (1–10)">{(p) => <Input {...p} name="complexity" type="number" min={1} max={10} defaultValue={task.complexity ?? ""} />}</Field>
          <Field label="Assignee">{(p) => <Input {...p} name="assignee" defaultValue={task.assignee ?? ""} maxLength={TASK_LIMITS.assignee} />}</Field>
          <Field label="Due date">{(p) => <Input {...p} name="dueDate" type="date" defaultValue={task.dueDate?.slice(0, 10) ?? ""} />}</Field>
          <Field label="Labels" hint="Comma separated.">{(p) => <Input {...p} name="labels" defaultValue={task.labels.join(", ")} />}</Field>
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

      <section className="space-y-2">
        <h3 className="text-sm font-semibold">Depends on</h3>
        {task.prerequisites.length === 0 ? (
          <p className="text-sm text-zinc-500">No prerequisites.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="prerequisites">
            {task.prerequisites.map((p) => (
              <li key={p.ref} className="flex items-center gap-2">
                <button className="font-mono text-xs text-zinc-500 hover:underline" onClick={() => onOpen(p.ref)}>
                  #{p.ref}
                </button>
                <span className={p.status === "cancelled" ? "line-through" : ""}>{p.title}</span>
                <StatusBadge status={p.status} />
                {p.status === "cancelled" && <span className="text-xs text-amber-600">cancelled prerequisite</span>}
                {canEdit && (
                  <button
                    aria-label={`Remove dependency on #${p.ref}`}
                    className="ml-auto text-xs text-zinc-400 hover:text-red-600"
                    onClick={() => m.removeDependency.mutate({ ref: task.ref, dependsOn: p.ref }, { onError: (e) => toast({ tone: "error", message: errorMessage(e) }) })}
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

function Subtasks({ projectId, task, canEdit, onOpen }: { projectId: string; task: TaskDto; canEdit: boolean; onOpen: (ref: string) => void }) {
  const m = useTaskMutations(projectId);
  const move = useReorderSubtask(projectId);
  const reorder = (ref: string, status: string, afterRef: string | null) =>
    move.mutate({ ref, status, afterRef }, { onError: (e) => setError(errorMessage(e)) });
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">
        Subtasks {task.subtasks.length > 0 && <span className="font-normal text-zinc-500">{task.subtasks.filter((s) => s.status === "done").length}/{task.subtasks.length}</span>}
      </h3>
      <ul className="space-y-1 text-sm">
        {task.subtasks.map((s, i) => (
          <li key={s.ref} className="group flex items-center gap-2">
            <input
              type="checkbox"
              aria-label={`Mark #${s.ref} done`}
              checked={s.status === "done"}
              disabled={!canEdit}
              onChange={(e) => m.update.mutate({ ref: s.ref, status: e.target.checked ? "done" : "pending" }, { onError: (err) => setError(errorMessage(err)) })}
            />
            <button className="font-mono text-xs text-zinc-500 hover:underline" onClick={() => onOpen(s.ref)}>
              #{s.ref}
            </button>
            <span className={`flex-1 ${s.status === "done" ? "text-zinc-400 line-through" : ""}`}>{s.title}</span>
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
          <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Add a subtask" aria-label="New subtask title" className="flex-1" maxLength={TASK_LIMITS.title} />
          <Button type="submit" variant="secondary" aria-label="Add subtask" busy={m.create.isPending} disabled={!title.trim()}>
            Add
          </Button>
        </form>
      )}
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </section>
  );
}

function Notes({ projectId, taskRef, canEdit }: { projectId: string; taskRef: string; canEdit: boolean }) {
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
              <p className="text-xs text-zinc-500">
                {n.author?.name ?? "Someone"} · {new Date(n.createdAt).toLocaleString()}
              </p>
              <p className="whitespace-pre-wrap">{n.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-zinc-500">{notes.isPending ? "Loading…" : "No notes yet."}</p>
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

function describe(e: { kind: string; field: string | null; oldValue: string | null; newValue: string | null }): string {
  const short = (v: string | null) => (v === null || v === "" ? "—" : v.length > 60 ? `${v.slice(0, 60)}…` : v);
  switch (e.kind) {
    case "created":
      return "created the task";
    case "dependency_added":
      return `added prerequisite #${e.newValue}`;
    case "dependency_removed":
      return `removed prerequisite #${e.oldValue}`;
    case "note_added":
      return "added a note";
    case "updated":
      return `changed ${e.field}: ${short(e.oldValue)} → ${short(e.newValue)}`;
    default:
      return e.kind;
  }
}

function History({ projectId, taskRef }: { projectId: string; taskRef: string }) {
  const history = useHistory(projectId, taskRef);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-semibold">Activity</summary>
      <ol className="mt-2 space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {history.data?.map((e) => (
          <li key={e.id}>
            <span className="text-zinc-400">{new Date(e.createdAt).toLocaleString()}</span> · {e.actor?.name ?? "Cairn"} {describe(e)}
          </li>
        ))}
      </ol>
    </details>
  );
}
