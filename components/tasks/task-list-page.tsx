"use client";
import { StartTaskButton } from "@/components/tasks/start-task-button";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BlockedBadge, PriorityLabel, StatusBadge, STATUS_LABEL } from "@/components/ui/badges";
import { Button, Spinner } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorBox, Input, Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useProject } from "@/lib/hooks/use-projects";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import { useNextTask, useTaskList, useTaskMutations } from "@/lib/hooks/use-tasks";
import type { TaskDto } from "@/lib/tasks/types";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { TaskDrawer } from "./task-drawer";
import { nextSort, readSort, sortTasks, type Sort, type SortKey } from "./task-sort";
import { plural } from "@/lib/plural";

const FILTER_KEYS = ["text", "status", "priority", "ready", "blocked", "label", "assignee"] as const;

export function TaskListPage({ projectId }: { projectId: string }) {
  const { params, setParams, setParam } = useUrlParams();
  const project = useProject(projectId);
  const canEdit = project.data ? project.data.role !== "viewer" : false;

  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);

  const list = useTaskList(projectId, filters);
  const loaded = useMemo(() => list.data?.pages.flatMap((p) => p.tasks) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  const openRef = params.get("task");
  const sort = useMemo(() => readSort(params), [params]);
  // A sorted list is sorted as a whole: every page is fetched first, then ordered here.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (sort && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [sort, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const sorting = !!sort && hasNextPage;
  const tasks = useMemo(() => sortTasks(loaded, sort), [loaded, sort]);
  const onSort = useCallback(
    (key: SortKey) => {
      const next = nextSort(sort, key);
      setParams({ sort: next?.key ?? null, order: next?.dir === "desc" ? "desc" : null });
    },
    [sort, setParams],
  );

  return (
    <div className="space-y-4">
      <NextTaskPanel projectId={projectId} canEdit={canEdit} onOpen={(ref) => setParam("task", ref)} />
      {canEdit && <QuickAdd projectId={projectId} />}
      <FilterBar filters={filters} setParam={setParam} clear={() => setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))} />

      {list.isPending ? (
        <div className="flex items-center gap-2 py-6 text-sm text-muted">
          <Spinner /> Loading tasks…
        </div>
      ) : list.isError ? (
        <ErrorBox>Could not load tasks: {errorMessage(list.error)}</ErrorBox>
      ) : tasks.length === 0 ? (
        <div
          className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-muted dark:border-zinc-700"
          data-testid="empty-tasks"
        >
          {Object.keys(filters).length
            ? "No task matches these filters."
            : canEdit
              ? "No tasks yet. Add the first one above."
              : "No tasks yet."}
        </div>
      ) : (
        <>
          <p className="text-xs text-muted" aria-live="polite">
            {plural(total, "task")}
            {sorting && ` — loading all ${total} to sort…`}
          </p>
          <TaskTable
            projectId={projectId}
            tasks={tasks}
            canEdit={canEdit}
            sort={sort}
            onSort={onSort}
            onOpen={(ref) => setParam("task", ref)}
          />
          {list.hasNextPage && !sort && (
            <div className="flex justify-center">
              <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      {openRef && (
        <TaskDrawer
          projectId={projectId}
          taskRef={openRef}
          canEdit={canEdit}
          onClose={() => setParam("task", null)}
          onOpen={(r) => setParam("task", r)}
        />
      )}
    </div>
  );
}

function NextTaskPanel({ projectId, canEdit, onOpen }: { projectId: string; canEdit: boolean; onOpen: (ref: string) => void }) {
  const next = useNextTask(projectId);
  if (next.isPending) return <div className="h-16 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900" />;
  if (next.isError) return <ErrorBox>Could not work out the next task: {errorMessage(next.error)}</ErrorBox>;
  const t = next.data.task;
  return (
    <section
      aria-label="Next task"
      data-testid="next-task"
      className="flex flex-wrap items-center gap-3 rounded-xl border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span className="text-xs font-semibold uppercase tracking-wide text-link">Next up</span>
      {t ? (
        <>
          <button className="min-w-0 text-left font-medium hover:underline" onClick={() => onOpen(t.ref)} data-testid="next-task-title">
            <span className="mr-1.5 font-mono text-muted">#{t.ref}</span>
            {t.title}
          </button>
          <StatusBadge status={t.status} />
          {canEdit && t.status === "pending" && <StartTaskButton projectId={projectId} task={t} />}
          <p className="w-full text-xs text-muted" data-testid="next-task-reason">
            {next.data.reason}
          </p>
        </>
      ) : (
        <p className="text-sm text-muted" data-testid="next-task-reason">
          {next.data.reason}
        </p>
      )}
    </section>
  );
}

function QuickAdd({ projectId }: { projectId: string }) {
  const { create } = useTaskMutations(projectId);
  const toast = useToast();
  const title = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const deps = String(f.get("dependencies") ?? "")
          .split(/[\s,]+/)
          .map((s) => s.replace(/^#/, ""))
          .filter(Boolean);
        const form = e.currentTarget;
        setError(null);
        create.mutate(
          { title: String(f.get("title") ?? ""), priority: String(f.get("priority")), dependencies: deps },
          {
            onSuccess: (t) => {
              form.reset();
              title.current?.focus();
              toast({ tone: "success", message: `Created #${t.ref}` });
            },
            onError: (err) => setError(errorMessage(err)),
          },
        );
      }}
    >
      <Input
        ref={title}
        name="title"
        placeholder="New task title"
        aria-label="New task title"
        required
        maxLength={TASK_LIMITS.title}
        className="min-w-56 flex-[3]"
      />
      <Select name="priority" aria-label="Priority" defaultValue="medium" className="w-32">
        {TASK_PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </Select>
      <Input name="dependencies" placeholder="Depends on (e.g. 3, 4.1)" aria-label="Depends on" className="min-w-40 flex-1" />
      <Button type="submit" busy={create.isPending}>
        Add task
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}

function FilterBar({
  filters,
  setParam,
  clear,
}: {
  filters: Record<string, string>;
  setParam: (k: string, v: string | null) => void;
  clear: () => void;
}) {
  const [text, setText] = useState(filters.text ?? "");
  useEffect(() => setText(filters.text ?? ""), [filters.text]);
  // Typing updates the URL after a short pause rather than on every key.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filters.text ?? "") !== text) setParam("text", text || null);
    }, 250);
    return () => clearTimeout(t);
  }, [text, filters.text, setParam]);
  const toggle = (k: "ready" | "blocked") => (
    <label className="flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-300">
      <input type="checkbox" checked={filters[k] === "true"} onChange={(e) => setParam(k, e.target.checked ? "true" : null)} />
      {k === "ready" ? "Ready only" : "Blocked only"}
    </label>
  );
  return (
    <div className="flex flex-wrap items-center gap-2" role="search">
      <Input value={text} onChange={(e) => setText(e.target.value)} placeholder="Search tasks" aria-label="Search tasks" className="w-56" />
      <Select
        aria-label="Status filter"
        value={filters.status ?? ""}
        onChange={(e) => setParam("status", e.target.value || null)}
        className="w-40"
      >
        <option value="">All statuses</option>
        {TASK_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Priority filter"
        value={filters.priority ?? ""}
        onChange={(e) => setParam("priority", e.target.value || null)}
        className="w-36"
      >
        <option value="">All priorities</option>
        {TASK_PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </Select>
      {toggle("ready")}
      {toggle("blocked")}
      {Object.keys(filters).length > 0 && (
        <Button variant="ghost" size="sm" onClick={clear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

function TaskTable({
  projectId,
  tasks,
  canEdit,
  sort,
  onSort,
  onOpen,
}: {
  projectId: string;
  tasks: TaskDto[];
  canEdit: boolean;
  sort: Sort | null;
  onSort: (key: SortKey) => void;
  onOpen: (ref: string) => void;
}) {
  const head = (key: SortKey, label: string, className: string) => (
    <SortHeader key={key} sortKey={key} label={label} sort={sort} onSort={onSort} className={className} />
  );
  const { update, remove } = useTaskMutations(projectId);
  const toast = useToast();
  const [deleting, setDeleting] = useState<TaskDto | null>(null);
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm" data-testid="task-table">
        <thead className="border-b border-zinc-200 text-left text-xs text-muted dark:border-zinc-800">
          <tr>
            {head("ref", "Ref", "w-16")}
            {head("title", "Title", "")}
            {head("status", "Status", "w-36")}
            {head("priority", "Priority", "w-24")}
            {head("assignee", "Assignee", "w-28")}
            {head("due", "Due", "w-24")}
            {head("updated", "Updated", "w-24")}
            <th scope="col" className="w-32 px-3 py-2 font-medium">
              Depends on
            </th>
            {canEdit && <th className="w-10 px-3 py-2" />}
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr
              key={t.id}
              data-testid={`task-row-${t.ref}`}
              className="border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40"
            >
              <td className="px-3 py-2 font-mono text-xs text-muted">#{t.ref}</td>
              <td className={`px-3 py-2 ${t.parent ? "pl-8" : ""}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <button className="text-left hover:underline" onClick={() => onOpen(t.ref)}>
                    {t.title}
                  </button>
                  <BlockedBadge by={t.blockedBy} />
                  {t.subtasks.length > 0 && (
                    <span className="text-xs text-muted" title="Subtasks done">
                      {t.subtasks.filter((s) => s.status === "done").length}/{t.subtasks.length}
                    </span>
                  )}
                </div>
              </td>
              <td className="px-3 py-2">
                {canEdit ? (
                  <Select
                    aria-label={`Status of #${t.ref}`}
                    value={t.status}
                    className="h-7 py-0 text-xs"
                    onChange={(e) =>
                      update.mutate(
                        { ref: t.ref, status: e.target.value, version: t.version },
                        { onError: (err) => toast({ tone: "error", message: errorMessage(err) }) },
                      )
                    }
                  >
                    {TASK_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABEL[s]}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <StatusBadge status={t.status} />
                )}
              </td>
              <td className="px-3 py-2">
                <PriorityLabel priority={t.priority} />
              </td>
              <td className="truncate px-3 py-2 text-xs" title={t.assignee ?? undefined}>
                {t.assignee ?? <span className="text-muted">—</span>}
              </td>
              <td className="px-3 py-2 text-xs whitespace-nowrap">
                {t.dueDate ? shortDate(t.dueDate) : <span className="text-muted">—</span>}
              </td>
              <td
                className="px-3 py-2 text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-300"
                title={new Date(t.updatedAt).toLocaleString()}
              >
                {shortDate(t.updatedAt)}
              </td>
              <td className="px-3 py-2 font-mono text-xs text-muted">{t.dependencies.map((d) => `#${d}`).join(", ") || "—"}</td>
              {canEdit && (
                <td className="px-3 py-2 text-right">
                  <button
                    aria-label={`Delete #${t.ref}`}
                    className="rounded px-1.5 text-muted hover:bg-red-50 hover:text-red-600 dark:hover:bg-red-950"
                    onClick={() => setDeleting(t)}
                  >
                    ✕
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={!!deleting}
        title={deleting ? `Delete #${deleting.ref}?` : ""}
        body={
          deleting && (
            <>
              “{deleting.title}”{deleting.subtasks.length > 0 && ` and its ${plural(deleting.subtasks.length, "subtask")}`} will be deleted.
              {deleting.dependents.length > 0 && ` ${deleting.dependents.map((d) => `#${d}`).join(", ")} will lose this prerequisite.`}
            </>
          )
        }
        confirmLabel="Delete"
        busy={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.ref, {
            onSuccess: (r) => {
              setDeleting(null);
              toast({
                message:
                  `Deleted ${r.deleted.map((d) => `#${d}`).join(", ")}` +
                  (r.lostPrerequisite.length ? ` — ${r.lostPrerequisite.map((l) => `#${l.ref}`).join(", ")} lost a prerequisite` : ""),
              });
            },
            onError: (e) => toast({ tone: "error", message: errorMessage(e) }),
          })
        }
      />
    </div>
  );
}

const shortDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });

/** A column head that sorts the list: a button inside the header cell, with aria-sort on the cell. */
function SortHeader({
  sortKey,
  label,
  sort,
  onSort,
  className,
}: {
  sortKey: SortKey;
  label: string;
  sort: Sort | null;
  onSort: (key: SortKey) => void;
  className: string;
}) {
  const dir = sort?.key === sortKey ? sort.dir : null;
  return (
    <th
      scope="col"
      aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
      className={`px-1.5 py-1 font-medium ${className}`}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        className={`inline-flex items-center gap-1 rounded px-1.5 py-1 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${dir ? "text-zinc-900 dark:text-zinc-100" : ""}`}
      >
        {label}
        <span aria-hidden className={dir ? "" : "opacity-30"}>
          {dir === "desc" ? "↓" : "↑"}
        </span>
      </button>
    </th>
  );
}
