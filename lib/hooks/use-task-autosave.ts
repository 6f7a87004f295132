"use client";
import { useCallback, useRef, useState } from "react";
import type { TaskDto } from "@/lib/tasks/types";
import { ApiError, errorMessage } from "./api-client";
import { useTaskMutations } from "./use-tasks";

/** The task fields the editor changes one by one, each saved with the version it was edited from. */
export const EDITABLE_FIELDS = [
  "title",
  "description",
  "details",
  "testStrategy",
  "acceptanceCriteria",
  "status",
  "priority",
  "complexity",
  "assignee",
  "dueDate",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const FIELD_LABEL: Record<EditableField, string> = {
  title: "Title",
  description: "Description",
  details: "Details",
  testStrategy: "Test strategy",
  acceptanceCriteria: "Acceptance criteria",
  status: "Status",
  priority: "Priority",
  complexity: "Complexity",
  assignee: "Assignee",
  dueDate: "Due date",
};

/** A field as its form control holds it: always a string. */
export function formValue(task: TaskDto, f: EditableField): string {
  switch (f) {
    case "complexity":
      return task.complexity === null ? "" : String(task.complexity);
    case "assignee":
      return task.assignee ?? "";
    case "dueDate":
      return task.dueDate?.slice(0, 10) ?? "";
    default:
      return task[f];
  }
}

/** A control's string as the API takes it. */
function payload(f: EditableField, v: string): unknown {
  switch (f) {
    case "complexity":
      return v.trim() === "" ? null : Number(v);
    case "assignee":
      return v.trim() || null;
    case "dueDate":
      return v || null;
    default:
      return v;
  }
}

/** An edit not yet on the server: the value, and the server's value and version it started from. */
interface Draft {
  value: string;
  base: string;
  baseVersion: number;
}

export type SaveProblem =
  | { kind: "error"; fields: EditableField[]; message: string }
  /** Someone else changed these fields since they were edited here: theirs and mine side by side. */
  | { kind: "conflict"; fields: EditableField[]; theirs: Partial<Record<EditableField, string>> };

export interface Autosave {
  /** What a control shows: the local edit if there is one, else the server's value. */
  value: (f: EditableField) => string;
  /** Records an edit without saving it (text fields save on blur or ⌘/Ctrl+Enter). */
  edit: (f: EditableField, v: string) => void;
  /** Saves the edits of these fields (all when omitted); resolves true when nothing is left unsaved. */
  commit: (fields?: EditableField[]) => Promise<boolean>;
  /** Edits and saves at once (selects, dates). */
  set: (f: EditableField, v: string) => Promise<boolean>;
  /** Sends a change that composes with others without a version (label additions and removals). */
  send: (changes: Record<string, unknown>) => Promise<boolean>;
  /** Fields whose edits are not on the server, once the saves under way have finished. */
  unsaved: () => Promise<EditableField[]>;
  /** Fields with edits not on the server, right now (for beforeunload). */
  dirtyNow: () => boolean;
  discard: (fields?: EditableField[]) => void;
  /** After a conflict: save mine over theirs. */
  keepMine: () => Promise<boolean>;
  /** After a conflict: take theirs for the conflicting fields, still save the rest of mine. */
  useTheirs: () => Promise<boolean>;
  /** Try the failed save again. */
  retry: () => Promise<boolean>;
  state: "idle" | "saving" | "saved";
  problem: SaveProblem | null;
}

/**
 * Field-by-field saving for the task editor. Saves run one after another; each sends only the
 * fields it saves, with the version those edits started from. A stale version that touched none
 * of those fields is retried on the current version (the other change is kept on the server); one
 * that changed the same field becomes a conflict the user settles. Nothing typed is dropped
 * until the user discards it or it is saved.
 */
export function useTaskAutosave(projectId: string, task: TaskDto): Autosave {
  const m = useTaskMutations(projectId);
  const update = m.update.mutateAsync;
  const latest = useRef(task);
  latest.current = task;
  const drafts = useRef(new Map<EditableField, Draft>());
  const [, rerender] = useState(0);
  const changed = useCallback(() => rerender((n) => n + 1), []);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [running, setRunning] = useState(0);
  const [savedOnce, setSavedOnce] = useState(false);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const lastCommit = useRef<EditableField[] | "send">([]);
  const lastSend = useRef<Record<string, unknown>>({});

  const pending = useCallback(
    (fields?: readonly EditableField[]) =>
      [...drafts.current].filter(([f, d]) => (!fields || fields.includes(f)) && d.value !== formValue(latest.current, f)).map(([f]) => f),
    [],
  );

  /**
   * After a save answered: edits equal to what the server now has are done; an edit typed on
   * after it was sent starts from what was sent; an untouched field's edit moves to this version.
   */
  const settleDrafts = useCallback((saved: TaskDto, sent: Partial<Record<EditableField, string>> = {}) => {
    for (const [f, d] of drafts.current) {
      const now = formValue(saved, f);
      if (d.value === now) drafts.current.delete(f);
      else if (sent[f] === now) drafts.current.set(f, { ...d, base: now, baseVersion: saved.version });
      else if (d.base === now) drafts.current.set(f, { ...d, baseVersion: saved.version });
    }
  }, []);

  const enqueue = useCallback(<T>(job: () => Promise<T>): Promise<T> => {
    setRunning((n) => n + 1);
    const run = queue.current.then(job, job);
    queue.current = run.catch(() => undefined);
    return run.finally(() => setRunning((n) => n - 1));
  }, []);

  const save = useCallback(
    (fields?: EditableField[]): Promise<boolean> =>
      enqueue(async () => {
        for (let attempt = 0; attempt < 3; attempt++) {
          const todo = pending(fields);
          if (todo.length === 0) return true;
          lastCommit.current = todo;
          const version = Math.min(...todo.map((f) => drafts.current.get(f)!.baseVersion));
          const sent = Object.fromEntries(todo.map((f) => [f, drafts.current.get(f)!.value]));
          const changes = Object.fromEntries(todo.map((f) => [f, payload(f, sent[f]!)]));
          try {
            const saved = await update({ ref: latest.current.ref, version, ...changes });
            latest.current = saved;
            settleDrafts(saved, sent);
            setProblem(null);
            setSavedOnce(true);
            changed();
            return pending(fields).length === 0;
          } catch (e) {
            const current = e instanceof ApiError && e.code === "conflict" ? (e.details as { current?: TaskDto } | null)?.current : null;
            if (!current) {
              setProblem({ kind: "error", fields: todo, message: errorMessage(e) });
              changed();
              return false;
            }
            latest.current = current;
            const clashing = todo.filter((f) => formValue(current, f) !== drafts.current.get(f)!.base);
            if (clashing.length === 0) {
              // Someone changed other fields: theirs stay, mine go on top of the current version.
              for (const f of todo) drafts.current.set(f, { ...drafts.current.get(f)!, baseVersion: current.version });
              continue;
            }
            setProblem({ kind: "conflict", fields: clashing, theirs: Object.fromEntries(clashing.map((f) => [f, formValue(current, f)])) });
            changed();
            return false;
          }
        }
        return pending(fields).length === 0;
      }),
    [changed, enqueue, pending, settleDrafts, update],
  );

  const edit = useCallback(
    (f: EditableField, v: string) => {
      const d = drafts.current.get(f);
      const t = latest.current;
      drafts.current.set(f, { value: v, base: d?.base ?? formValue(t, f), baseVersion: d?.baseVersion ?? t.version });
      changed();
    },
    [changed],
  );

  const send = useCallback(
    (changes: Record<string, unknown>) =>
      enqueue(async () => {
        lastCommit.current = "send";
        lastSend.current = changes;
        try {
          const saved = await update({ ref: latest.current.ref, ...changes });
          latest.current = saved;
          settleDrafts(saved);
          setProblem(null);
          setSavedOnce(true);
          changed();
          return true;
        } catch (e) {
          setProblem({ kind: "error", fields: [], message: errorMessage(e) });
          changed();
          return false;
        }
      }),
    [changed, enqueue, settleDrafts, update],
  );

  const api: Autosave = {
    value: (f) => drafts.current.get(f)?.value ?? formValue(task, f),
    edit,
    commit: save,
    set: (f, v) => {
      edit(f, v);
      return save([f]);
    },
    send,
    unsaved: async () => {
      await queue.current;
      return pending();
    },
    dirtyNow: () => pending().length > 0,
    discard: (fields) => {
      for (const f of fields ?? [...drafts.current.keys()]) drafts.current.delete(f);
      setProblem(null);
      changed();
    },
    keepMine: () => {
      const t = latest.current;
      for (const [f, d] of drafts.current) drafts.current.set(f, { ...d, base: formValue(t, f), baseVersion: t.version });
      setProblem(null);
      return save();
    },
    useTheirs: () => {
      if (problem?.kind === "conflict") for (const f of problem.fields) drafts.current.delete(f);
      setProblem(null);
      changed();
      return save();
    },
    retry: () => (lastCommit.current === "send" ? send(lastSend.current) : save(lastCommit.current)),
    state: running > 0 ? "saving" : savedOnce ? "saved" : "idle",
    problem,
  };
  return api;
}
