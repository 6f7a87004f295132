"use client";
// ⌘K / Ctrl+K from any signed-in page: tasks across every project of yours (ref, title, project),
// your projects, and the actions of the page you are on. The ARIA combobox pattern: focus stays
// in the input, ↑/↓ move the active option, Enter runs it, Esc closes and focus goes back.
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { ShortcutSheet } from "@/components/shortcut-sheet";
import { StatusBadge } from "@/components/ui/badges";
import { Spinner } from "@/components/ui/button";
import { errorMessage } from "@/lib/hooks/api-client";
import { useGlobalSearch, useProjectChoices } from "@/lib/hooks/use-search";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import type { TaskHit } from "@/lib/tasks/types";

interface Item {
  key: string;
  group: "Tasks" | "Projects" | "Actions";
  label: string;
  hint?: string;
  task?: TaskHit;
  run: () => void;
}

const matchesAll = (text: string, words: string[]) => {
  const t = text.toLowerCase();
  return words.every((w) => t.includes(w));
};

export function CommandPalette() {
  const router = useRouter();
  const pathname = usePathname();
  const projectId = /^\/projects\/([^/]+)/.exec(pathname)?.[1] ?? null;
  const [open, setOpen] = useState(false);
  const [sheet, setSheet] = useState(false);
  const [mode, setMode] = useState<"search" | "new-task">("search");
  const [query, setQuery] = useState("");
  const [debounced, setDebounced] = useState("");
  const [active, setActive] = useState(0);
  const [mac, setMac] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const listId = useId();

  const show = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setMode("search");
    setQuery("");
    setDebounced("");
    setActive(0);
    setOpen(true);
  }, []);

  /** Closes; focus goes back where it was unless the palette is taking the user elsewhere. */
  const hide = useCallback((restore = true) => {
    setOpen(false);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (restore && back?.isConnected) requestAnimationFrame(() => back.focus());
  }, []);

  useEffect(() => {
    setMac(/mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent));
    function onKey(e: KeyboardEvent) {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (dialog.current?.open) hide();
        else show();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [show, hide]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 120);
    return () => clearTimeout(t);
  }, [query]);

  const search = useGlobalSearch(debounced, open && mode === "search");
  const projects = useProjectChoices(open);
  const current = projects.data?.find((p) => p.id === projectId) ?? null;
  const mutations = useTaskMutations(projectId ?? "");
  const create = mutations.create;

  const go = useCallback(
    (href: string) => {
      hide(false);
      router.push(href);
    },
    [hide, router],
  );

  const items = useMemo<Item[]>(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const actions: Item[] = [];
    if (projectId) {
      const name = current?.name ?? "this project";
      const base = `/projects/${projectId}`;
      if (current && current.role !== "viewer") {
        actions.push({
          key: "new-task",
          group: "Actions",
          label: "New task",
          hint: name,
          run: () => {
            setMode("new-task");
            setQuery("");
            setActive(0);
          },
        });
      }
      for (const [path, label] of [
        ["board", "Go to board"],
        ["tasks", "Go to list"],
        ["graph", "Go to graph"],
        ["overview", "Go to overview"],
        ["reports", "Go to reports"],
        ["plan", "Plan with AI"],
        ["chat", "Go to chat"],
        ["settings", "Project settings"],
      ] as const) {
        actions.push({ key: `project-${path}`, group: "Actions", label, hint: name, run: () => go(`${base}/${path}`) });
      }
    }
    actions.push(
      { key: "projects", group: "Actions", label: "Go to projects", run: () => go("/") },
      { key: "my-tasks", group: "Actions", label: "My tasks", hint: "Assigned to you", run: () => go("/my-tasks") },
      { key: "account", group: "Actions", label: "Account settings", hint: "Password, sessions, API tokens", run: () => go("/settings") },
      {
        key: "shortcuts",
        group: "Actions",
        label: "Keyboard shortcuts",
        run: () => {
          hide(false);
          setSheet(true);
        },
      },
    );
    // While the answer for what was just typed is on its way, the last one stays, narrowed to what still matches.
    const stale = search.isPlaceholderData || debounced !== query.trim();
    const found = (search.data ?? []).filter((t) => !stale || matchesAll(`#${t.ref} ${t.ref} ${t.title} ${t.projectName}`, words));
    const tasks: Item[] = found.map((t) => ({
      key: `task-${t.projectId}-${t.ref}`,
      group: "Tasks",
      label: `#${t.ref} ${t.title}`,
      hint: t.projectName,
      task: t,
      run: () => go(`/projects/${t.projectId}/board?task=${encodeURIComponent(t.ref)}`),
    }));
    if (words.length === 0) return [...actions, ...tasks];
    const projectItems: Item[] = (projects.data ?? [])
      .filter((p) => matchesAll(p.name, words))
      .slice(0, 5)
      .map((p) => ({
        key: `project-${p.id}`,
        group: "Projects",
        label: p.name,
        hint: "Project",
        run: () => go(`/projects/${p.id}/board`),
      }));
    return [...tasks, ...projectItems, ...actions.filter((a) => matchesAll(`${a.label} ${a.hint ?? ""}`, words))];
  }, [query, debounced, projectId, current, search.data, search.isPlaceholderData, projects.data, go, hide]);

  const shownItems = mode === "search" ? items : [];
  const activeIndex = Math.min(active, Math.max(0, shownItems.length - 1));
  const optionId = (i: number) => `${listId}-opt-${i}`;

  useEffect(() => {
    if (open) document.getElementById(`${listId}-opt-${activeIndex}`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex, open, listId]);

  function submitNewTask() {
    const title = query.trim();
    if (!title || !projectId || create.isPending) return;
    create.mutate({ title }, { onSuccess: (task) => go(`/projects/${projectId}/board?task=${encodeURIComponent(task.ref)}`) });
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (mode === "new-task") {
      if (e.key === "Enter") {
        e.preventDefault();
        submitNewTask();
      } else if (e.key === "Escape") {
        // Back to the list first; a second Esc closes.
        e.preventDefault();
        setMode("search");
        setQuery("");
        create.reset();
      }
      return;
    }
    const n = shownItems.length;
    if (e.key === "ArrowDown" && n) {
      e.preventDefault();
      setActive((activeIndex + 1) % n);
    } else if (e.key === "ArrowUp" && n) {
      e.preventDefault();
      setActive((activeIndex - 1 + n) % n);
    } else if (e.key === "Home" && n && e.ctrlKey) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === "End" && n && e.ctrlKey) {
      e.preventDefault();
      setActive(n - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      shownItems[activeIndex]?.run();
    }
  }

  const waiting = mode === "search" && (search.isFetching || debounced !== query.trim());
  const status =
    mode === "new-task"
      ? ""
      : search.isError
        ? `Search failed: ${errorMessage(search.error)}`
        : waiting
          ? "Searching…"
          : `${shownItems.length} ${shownItems.length === 1 ? "result" : "results"}`;

  let lastGroup: Item["group"] | null = null;
  return (
    <>
      <button
        type="button"
        onClick={show}
        aria-keyshortcuts="Meta+K Control+K"
        title="Search and commands"
        data-testid="open-palette"
        className="flex h-8 items-center gap-2 rounded-md border border-zinc-300 px-2 text-sm text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
          <circle cx="9" cy="9" r="6" />
          <path d="m14 14 4 4" strokeLinecap="round" />
        </svg>
        {/* Named by its text ("Search"), read on a phone too, where only the icon shows. */}
        <span className="sr-only md:not-sr-only">Search</span>
        <kbd aria-hidden className="hidden rounded border border-zinc-300 px-1 font-mono text-[11px] md:inline dark:border-zinc-600">
          {mac ? "⌘K" : "Ctrl K"}
        </kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Search and commands"
        onClose={() => open && hide()}
        onClick={(e) => e.target === dialog.current && hide()}
        className="mx-auto mt-[12vh] w-[calc(100%-2rem)] max-w-xl rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/40 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        data-testid="palette"
      >
        {open && (
          <div className="flex max-h-[70vh] flex-col">
            {/* The focus ring sits on the search row: the input's own outline would be clipped by the dialog's edge. */}
            <div className="flex items-center gap-2 rounded-t-xl border-b border-zinc-200 px-3 ring-inset focus-within:ring-2 focus-within:ring-[var(--color-accent)] dark:border-zinc-800">
              {mode === "new-task" && (
                <span className="shrink-0 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  New task in {current?.name ?? "this project"}
                </span>
              )}
              <input
                ref={input}
                role="combobox"
                aria-expanded={mode === "search"}
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={mode === "search" && shownItems.length ? optionId(activeIndex) : undefined}
                aria-label={mode === "search" ? "Search tasks, projects and actions" : "Title of the new task"}
                placeholder={mode === "search" ? "Search tasks by #ref or title, or type a command…" : "Title, then Enter (Esc goes back)"}
                value={query}
                maxLength={mode === "new-task" ? 500 : 200}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setActive(0);
                  if (create.isError) create.reset();
                }}
                onKeyDown={onKeyDown}
                className="h-12 min-w-0 flex-1 bg-transparent text-base placeholder:text-zinc-500"
                style={{ outline: "none" }}
                autoComplete="off"
                spellCheck={false}
              />
              {(waiting || create.isPending) && <Spinner />}
            </div>
            {mode === "new-task" ? (
              <div className="space-y-2 p-3 text-sm text-zinc-700 dark:text-zinc-300">
                <p>Enter creates the task in Pending and opens it.</p>
                {create.isError && (
                  <p role="alert" className="text-red-700 dark:text-red-400">
                    {errorMessage(create.error)}
                  </p>
                )}
              </div>
            ) : (
              <div id={listId} role="listbox" aria-label="Results" className="overflow-y-auto p-1.5">
                {shownItems.length === 0 && !waiting && (
                  <p className="px-3 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
                    {search.isError ? status : `Nothing matches “${query.trim()}”.`}
                  </p>
                )}
                {shownItems.map((item, i) => {
                  const heading =
                    item.group !== lastGroup ? (
                      <div
                        role="presentation"
                        className="px-2.5 pt-2 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400"
                      >
                        {item.group === "Tasks" && query.trim() === "" ? "Recently changed" : item.group}
                      </div>
                    ) : null;
                  lastGroup = item.group;
                  const selected = i === activeIndex;
                  return (
                    <div key={item.key} className="contents">
                      {heading}
                      <div
                        id={optionId(i)}
                        role="option"
                        aria-selected={selected}
                        data-testid="palette-option"
                        onMouseMove={() => !selected && setActive(i)}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => item.run()}
                        className={`flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-2 text-sm ${
                          selected ? "bg-zinc-100 dark:bg-zinc-800" : ""
                        }`}
                      >
                        {item.task ? (
                          // Title on its own line, so a phone shows it whole; status and project below.
                          <span className="min-w-0 flex-1">
                            <span className="line-clamp-2">
                              <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">#{item.task.ref}</span> {item.task.title}
                            </span>
                            <span className="mt-0.5 flex min-w-0 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                              <StatusBadge status={item.task.status} />
                              <span className="truncate">{item.task.projectName}</span>
                            </span>
                          </span>
                        ) : (
                          <>
                            <span className="min-w-0 flex-1 truncate">{item.label}</span>
                            {item.hint && (
                              <span className="max-w-[45%] shrink-0 truncate text-xs text-zinc-600 dark:text-zinc-400">{item.hint}</span>
                            )}
                          </>
                        )}
                      </div>
                    </div>
                  );
                })}
              </div>
            )}
            <div className="flex flex-wrap gap-x-3 gap-y-1 border-t border-zinc-200 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <span>↑↓ choose</span>
              <span>Enter open</span>
              <span>Esc close</span>
              <span role="status" className="ml-auto">
                {status}
              </span>
            </div>
          </div>
        )}
      </dialog>
      <ShortcutSheet open={sheet} onClose={() => setSheet(false)} />
    </>
  );
}
