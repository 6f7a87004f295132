"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { FIELD_LABEL, type EditableField } from "@/lib/hooks/use-task-autosave";
import { useTask } from "@/lib/hooks/use-tasks";
import { DeleteTask } from "./editor/delete-task";
import type { GuardHandle } from "./editor/editor-guard";
import { keepFocus } from "./editor/keep-focus";
import { TaskEditorLoader } from "./editor/task-editor-loader";

const names = (fields: EditableField[]) => {
  const l = fields.map((f) => FIELD_LABEL[f]);
  return l.length <= 1 ? (l[0] ?? "") : `${l.slice(0, -1).join(", ")} and ${l[l.length - 1]}`;
};

/**
 * The task detail as a side drawer with its own URL (?task=12). Esc, the close button, a click
 * outside or opening another task first asks about text that is not saved yet.
 */
export function TaskDrawer({
  projectId,
  taskRef,
  canEdit,
  onClose,
  onOpen,
}: {
  projectId: string;
  taskRef: string;
  canEdit: boolean;
  onClose: () => void;
  onOpen: (ref: string) => void;
}) {
  const task = useTask(projectId, taskRef);
  const parentRef = task.data?.parent ?? null;
  const parent = useTask(projectId, parentRef);
  const panel = useRef<HTMLDivElement>(null);
  const guard = useRef<GuardHandle>({ editor: null, holding: false }).current;
  const [asking, setAsking] = useState<{ fields: EditableField[]; then: () => void } | null>(null);
  const [saving, setSaving] = useState(false);
  // The page passes new callbacks on every render; the listeners below read the latest.
  const latest = useRef({ onClose, onOpen });
  latest.current = { onClose, onOpen };

  /** Runs `then` (close, or open another task) once nothing unsaved is left behind, asking if something is. */
  const leave = useCallback(
    async (then: () => void) => {
      if (guard.holding) return;
      guard.holding = true;
      const fields = (await guard.editor?.unsaved()) ?? [];
      if (fields.length === 0) {
        guard.holding = false;
        then();
      } else setTimeout(() => setAsking({ fields, then }), 0);
    },
    [guard],
  );
  const close = useCallback(() => void leave(() => latest.current.onClose()), [leave]);
  const open = useCallback((ref: string) => void leave(() => latest.current.onOpen(ref)), [leave]);

  const keepEditing = () => {
    const first = asking?.fields[0];
    setAsking(null);
    guard.holding = false;
    if (first) guard.editor?.focus(first);
  };
  const discard = () => {
    const then = asking?.then;
    guard.editor?.discard();
    setAsking(null);
    guard.holding = false;
    then?.();
  };
  const saveThenLeave = async () => {
    setSaving(true);
    const ok = (await guard.editor?.saveAll()) ?? true;
    setSaving(false);
    const then = asking?.then;
    setAsking(null);
    guard.holding = false;
    // A failed save stays in the drawer, with the reason and a Retry.
    if (ok) then?.();
  };

  useEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape" && !e.defaultPrevented && !(e.target as HTMLElement).closest("dialog")) {
        // Consumed here: left to the browser, this Esc would also cancel the question it opens.
        e.preventDefault();
        close();
      }
    }
    function onUnload(e: BeforeUnloadEvent) {
      if (guard.editor?.dirtyNow()) {
        e.preventDefault();
        e.returnValue = "";
      }
    }
    window.addEventListener("keydown", onKey);
    window.addEventListener("beforeunload", onUnload);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("beforeunload", onUnload);
      returnTo?.focus?.();
    };
  }, [close, guard]);

  return (
    <div className="fixed inset-0 z-40 flex justify-end" role="presentation">
      <div className="absolute inset-0 bg-black/25" {...keepFocus} onClick={close} aria-hidden />
      <aside
        ref={panel}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={task.data ? `#${task.data.ref} ${task.data.title}` : `Task #${taskRef}`}
        data-testid="task-drawer"
        className="relative h-full w-full max-w-xl overflow-y-auto border-l border-zinc-200 bg-white p-5 shadow-2xl outline-none dark:border-zinc-800 dark:bg-zinc-950"
      >
        {parentRef && (
          <button
            type="button"
            {...keepFocus}
            onClick={() => open(parentRef)}
            data-testid="drawer-parent"
            className="mb-2 flex max-w-full items-center gap-1 truncate text-sm text-zinc-600 hover:underline dark:text-zinc-400"
          >
            <span aria-hidden>←</span> <span className="font-mono">#{parentRef}</span>{" "}
            <span className="truncate">{parent.data?.title ?? ""}</span> <span className="sr-only">(back to the parent task)</span>
          </button>
        )}
        <div className="mb-4 flex items-start gap-2">
          <h2 className="min-w-0 flex-1 text-sm font-medium text-zinc-600 dark:text-zinc-300">
            {task.data ? (
              <>
                <span className="mr-2 font-mono text-muted">#{task.data.ref}</span> {task.data.title}
              </>
            ) : (
              `Task #${taskRef}`
            )}
          </h2>
          {canEdit && task.data && (
            <DeleteTask
              projectId={projectId}
              task={task.data}
              onDeleted={() => {
                guard.editor?.discard();
                // A deleted subtask leaves its parent open; a task closes the drawer.
                if (parentRef) latest.current.onOpen(parentRef);
                else latest.current.onClose();
              }}
            />
          )}
          <button
            type="button"
            {...keepFocus}
            onClick={close}
            aria-label="Close task"
            className="rounded px-2 py-1 text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            ✕
          </button>
        </div>
        <TaskEditorLoader projectId={projectId} taskRef={taskRef} task={task} canEdit={canEdit} onOpen={open} guard={guard} />
      </aside>
      <Dialog open={asking !== null} onClose={keepEditing} title={asking ? `Discard unsaved changes to ${names(asking.fields)}?` : ""}>
        <div className="space-y-4 text-sm text-zinc-600 dark:text-zinc-300">
          <p>{asking && asking.fields.length > 1 ? "These changes are" : "This change is"} not saved yet.</p>
          <div className="flex flex-wrap justify-end gap-2">
            <button className="h-9 rounded-md px-3 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800" onClick={keepEditing} autoFocus>
              Keep editing
            </button>
            <button
              className="h-9 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              onClick={() => void saveThenLeave()}
              disabled={saving}
            >
              {saving ? "Saving…" : "Save"}
            </button>
            <button className="h-9 rounded-md bg-red-600 px-3 text-sm font-medium text-white hover:bg-red-700" onClick={discard}>
              Discard
            </button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
