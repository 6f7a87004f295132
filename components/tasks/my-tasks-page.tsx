"use client";
import Link from "next/link";
import { useMemo } from "react";
import { PriorityLabel, StatusBadge } from "@/components/ui/badges";
import { Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useMyTasks } from "@/lib/hooks/use-search";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import { plural } from "@/lib/plural";
import type { TaskHit } from "@/lib/tasks/types";

const dueFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

function Due({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-zinc-600 dark:text-zinc-400">—</span>;
  const overdue = Date.parse(iso) < Date.now() - 24 * 3600 * 1000;
  return (
    <time dateTime={iso} className={overdue ? "font-medium text-red-700 dark:text-red-400" : ""}>
      {dueFormat.format(new Date(iso))}
      {overdue && <span className="sr-only"> (overdue)</span>}
    </time>
  );
}

/** Tasks assigned to you in every project, grouped by project, soonest due first. */
export function MyTasksPage() {
  const { params, setParam } = useUrlParams();
  const include = params.get("include") === "all" ? "all" : "open";
  const tasks = useMyTasks(include);
  const groups = useMemo(() => {
    const out = new Map<string, { name: string; tasks: TaskHit[] }>();
    for (const t of tasks.data ?? []) {
      const g = out.get(t.projectId) ?? { name: t.projectName, tasks: [] };
      g.tasks.push(t);
      out.set(t.projectId, g);
    }
    return [...out.entries()];
  }, [tasks.data]);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold">My tasks</h1>
        {tasks.data && (
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="my-tasks-count">
            {plural(tasks.data.length, include === "open" ? "open task" : "task")} assigned to you
          </span>
        )}
        <label className="ml-auto flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <input type="checkbox" checked={include === "all"} onChange={(e) => setParam("include", e.target.checked ? "all" : null)} />
          Show done and cancelled
        </label>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A task is yours when its assignee is your name or your email. Soonest due first, then higher priority.
      </p>
      {tasks.isPending ? (
        <p className="flex items-center gap-2 text-sm text-zinc-600" aria-busy="true">
          <Spinner /> Loading your tasks…
        </p>
      ) : tasks.isError ? (
        <ErrorBox>Could not load your tasks: {errorMessage(tasks.error)}</ErrorBox>
      ) : groups.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700" data-testid="my-tasks-empty">
          <p className="font-medium">{include === "open" ? "Nothing assigned to you is open." : "Nothing is assigned to you yet."}</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Set a task&apos;s assignee to your name or email in its drawer, and it shows up here. Or{" "}
            <Link href="/" className="underline">
              open a project
            </Link>
            .
          </p>
        </div>
      ) : (
        groups.map(([projectId, g]) => (
          <section key={projectId} aria-labelledby={`mine-${projectId}`} className="space-y-2" data-testid="my-tasks-project">
            <h2 id={`mine-${projectId}`} className="flex items-baseline gap-2 text-base font-semibold">
              <Link href={`/projects/${projectId}/board`} className="hover:underline">
                {g.name}
              </Link>
              <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">{plural(g.tasks.length, "task")}</span>
            </h2>
            <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
              <table className="w-full text-sm">
                <thead className="border-b border-zinc-200 text-left text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                  <tr>
                    <th className="w-16 px-3 py-2 font-medium">Ref</th>
                    <th className="px-3 py-2 font-medium">Title</th>
                    <th className="hidden w-32 px-3 py-2 font-medium sm:table-cell">Status</th>
                    <th className="hidden w-24 px-3 py-2 font-medium sm:table-cell">Priority</th>
                    <th className="hidden w-32 px-3 py-2 font-medium sm:table-cell">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {g.tasks.map((t) => (
                    <tr key={t.ref} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60" data-testid="my-task">
                      <td className="px-3 py-2 font-mono text-xs text-zinc-600 dark:text-zinc-400">#{t.ref}</td>
                      <td className="px-3 py-2">
                        <Link href={`/projects/${projectId}/board?task=${encodeURIComponent(t.ref)}`} className="hover:underline">
                          {t.title}
                        </Link>
                        {t.parent && <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">subtask of #{t.parent}</span>}
                        {/* On a phone the other columns fold under the title. */}
                        <span className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs sm:hidden">
                          <StatusBadge status={t.status} />
                          <PriorityLabel priority={t.priority} />
                          {t.dueDate && (
                            <span>
                              due <Due iso={t.dueDate} />
                            </span>
                          )}
                        </span>
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell">
                        <StatusBadge status={t.status} />
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell">
                        <PriorityLabel priority={t.priority} />
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell">
                        <Due iso={t.dueDate} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </div>
  );
}
