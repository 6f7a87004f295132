"use client";
import { useEffect, useRef } from "react";
import { useTask } from "@/lib/hooks/use-tasks";
import { TaskEditorLoader } from "./editor/task-editor-loader";

/** The task detail as a side drawer with its own URL (?task=12); Esc closes it. */
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
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape" && !(e.target as HTMLElement).closest("dialog")) onClose();
    }
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      returnTo?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-40 flex justify-end" role="presentation">
      <div className="absolute inset-0 bg-black/25" onClick={onClose} aria-hidden />
      <aside
        ref={panel}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={task.data ? `#${task.data.ref} ${task.data.title}` : `Task #${taskRef}`}
        data-testid="task-drawer"
        className="relative h-full w-full max-w-xl overflow-y-auto border-l border-zinc-200 bg-white p-5 shadow-2xl outline-none dark:border-zinc-800 dark:bg-zinc-950"
      >
        <div className="mb-4 flex items-start gap-3">
          <h2 className="min-w-0 flex-1 text-base font-semibold">
            {task.data ? (
              <>
                <span className="mr-2 font-mono text-muted">#{task.data.ref}</span>
                {task.data.title}
              </>
            ) : (
              `Task #${taskRef}`
            )}
          </h2>
          <button
            onClick={onClose}
            aria-label="Close task"
            className="rounded px-2 py-1 text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            ✕
          </button>
        </div>
        <TaskEditorLoader projectId={projectId} taskRef={taskRef} task={task} canEdit={canEdit} onClose={onClose} onOpen={onOpen} />
      </aside>
    </div>
  );
}
