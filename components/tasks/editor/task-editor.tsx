"use client";
import { useEffect, useRef, useState } from "react";
import { ExpandPanel, UpdatePanel } from "@/components/ai/task-ai-panels";
import { BlockedBadge, StatusBadge, STATUS_LABEL } from "@/components/ui/badges";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useTaskAutosave, type EditableField } from "@/lib/hooks/use-task-autosave";
import type { TaskDto } from "@/lib/tasks/types";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { DetailsField } from "./details-field";
import type { GuardHandle } from "./editor-guard";
import { History } from "./history";
import { LabelsField } from "./labels-field";
import { Notes } from "./notes";
import { Prerequisites } from "./prerequisites";
import { SaveProblem, SaveState } from "./save-state";
import { Subtasks } from "./subtasks";
import { TaskMeta } from "./task-meta";
import { ExternalLinks } from "./external-links";

/** A date the picker has finished (its year typed out), or cleared: worth saving at once. */
const completeDate = (v: string) => v === "" || /^(19|2\d)\d\d-\d\d-\d\d$/.test(v);

/**
 * A task's fields, each saved as it changes (choices at once, text on blur or ⌘/Ctrl+Enter),
 * then its prerequisites, subtasks, AI actions, notes and history.
 */
export function TaskEditor({
  projectId,
  task,
  canEdit,
  onOpen,
  guard,
}: {
  projectId: string;
  task: TaskDto;
  canEdit: boolean;
  onOpen: (ref: string) => void;
  guard?: GuardHandle;
}) {
  const save = useTaskAutosave(projectId, task);
  const controls = useRef<Partial<Record<EditableField, HTMLElement | null>>>({});
  // Empty details open as a textarea; written ones as rendered markdown.
  const [writingDetails, setWritingDetails] = useState(() => task.details.trim() === "");
  const held = () => guard?.holding === true;
  /** Saves a text field unless a close is asking about it; false when held. */
  const commit = (f: EditableField) => {
    if (held()) return false;
    void save.commit([f]);
    return true;
  };

  useEffect(() => {
    if (!guard) return;
    guard.editor = {
      unsaved: save.unsaved,
      dirtyNow: save.dirtyNow,
      saveAll: () => save.commit(),
      discard: () => save.discard(),
      focus: (f) => {
        if (f === "details") setWritingDetails(true);
        requestAnimationFrame(() => (f === "details" ? document.getElementById("task-details") : controls.current[f])?.focus());
      },
    };
    return () => {
      if (guard.editor?.dirtyNow === save.dirtyNow) guard.editor = null;
    };
  });

  /** Props for a text control: edits stay local until blur, Enter (one-line fields) or ⌘/Ctrl+Enter. */
  const text = (f: EditableField, oneLine = false) => ({
    ref: (el: HTMLElement | null) => {
      controls.current[f] = el;
    },
    name: f,
    value: save.value(f),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => save.edit(f, e.target.value),
    onBlur: () => commit(f),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Enter" && (oneLine || e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        commit(f);
      }
    },
  });

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={task.status} />
        <BlockedBadge by={task.blockedBy} />
        <span className="ml-auto">
          <SaveState save={save} />
        </span>
      </div>
      <SaveProblem save={save} projectId={projectId} taskRef={task.ref} />
      <form onSubmit={(e) => e.preventDefault()} className="grid gap-3 sm:grid-cols-2">
        <fieldset disabled={!canEdit} className="contents">
          <div className="sm:col-span-2">
            <Field label="Title">
              {(p) => <Input {...p} {...text("title", true)} required maxLength={TASK_LIMITS.title} className="text-base font-medium" />}
            </Field>
          </div>
          <Field label="Status">
            {(p) => (
              <Select {...p} name="status" value={save.value("status")} onChange={(e) => void save.set("status", e.target.value)}>
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
              <Select {...p} name="priority" value={save.value("priority")} onChange={(e) => void save.set("priority", e.target.value)}>
                {TASK_PRIORITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Assignee">{(p) => <Input {...p} {...text("assignee", true)} maxLength={TASK_LIMITS.assignee} />}</Field>
          <Field label="Due date">
            {(p) => (
              <Input
                {...p}
                {...text("dueDate", true)}
                type="date"
                onChange={(e) =>
                  completeDate(e.target.value) ? void save.set("dueDate", e.target.value) : save.edit("dueDate", e.target.value)
                }
              />
            )}
          </Field>
          <Field label="Complexity (1–10)">
            {(p) => <Input {...p} {...text("complexity", true)} type="number" min={1} max={TASK_LIMITS.complexity} />}
          </Field>
          <LabelsField
            labels={task.labels}
            canEdit={canEdit}
            onAdd={(labels) => save.send({ addLabels: labels })}
            onRemove={(l) => void save.send({ removeLabels: [l] })}
          />
          <div className="sm:col-span-2">
            <Field label="Description">
              {(p) => <Textarea {...p} {...text("description")} rows={2} maxLength={TASK_LIMITS.description} />}
            </Field>
          </div>
          <div className="sm:col-span-2">
            <DetailsField
              value={save.value("details")}
              canEdit={canEdit}
              writing={writingDetails}
              setWriting={setWritingDetails}
              onChange={(v) => save.edit("details", v)}
              onCommit={() => commit("details")}
            />
          </div>
          <div className="sm:col-span-2">
            <Field label="Test strategy">
              {(p) => <Textarea {...p} {...text("testStrategy")} rows={2} maxLength={TASK_LIMITS.testStrategy} />}
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Field label="Acceptance criteria">
              {(p) => <Textarea {...p} {...text("acceptanceCriteria")} rows={2} maxLength={TASK_LIMITS.acceptanceCriteria} />}
            </Field>
          </div>
        </fieldset>
      </form>
      {canEdit && (
        <p className="-mt-2 text-xs text-muted">Changes save as you make them; text when you leave the field or press ⌘/Ctrl+Enter.</p>
      )}

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
      <TaskMeta projectId={projectId} task={task} />
    </div>
  );
}
