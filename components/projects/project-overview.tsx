"use client";
import { StartTaskButton } from "@/components/tasks/start-task-button";
import Link from "next/link";
import { PriorityLabel, StatusBadge, STATUS_DOT, STATUS_LABEL } from "@/components/ui/badges";
import { ErrorBox } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useProjectOverview } from "@/lib/hooks/use-overview";
import { useProject } from "@/lib/hooks/use-projects";
import { EmptyProject } from "./empty-project";
import type { Completion, ProjectOverviewDto } from "@/lib/tasks/types";
import { TASK_STATUSES } from "@/lib/validation/common";

export function ProjectOverview({ projectId }: { projectId: string }) {
  const overview = useProjectOverview(projectId);
  const project = useProject(projectId);
  const canEdit = project.data ? project.data.role !== "viewer" : false;

  if (overview.isPending) return <OverviewSkeleton />;
  if (overview.isError) return <ErrorBox>Could not load the overview: {errorMessage(overview.error)}</ErrorBox>;
  const o = overview.data;
  if (TASK_STATUSES.every((s) => o.counts[s] === 0)) {
    return (
      <div data-testid="overview-empty">
        <EmptyProject projectId={projectId} canEdit={canEdit} />
      </div>
    );
  }

  // A cancelled task still listed as a prerequisite resolves it, which may not be what the plan meant.
  const cancelledFor = new Map<string, string[]>();
  for (const c of o.cancelledPrerequisites) {
    for (const d of c.dependents) cancelledFor.set(d, [...(cancelledFor.get(d) ?? []), c.ref]);
  }
  const link = (ref: string) => `/projects/${projectId}/board?task=${encodeURIComponent(ref)}`;

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <CompletionCard completion={o.completion} />
        <NextTaskCard projectId={projectId} next={o.next} canEdit={canEdit} href={link} />
      </div>
      <StatusTiles counts={o.counts} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ReadyCard projectId={projectId} o={o} href={link} cancelledFor={cancelledFor} />
        <BlockedCard projectId={projectId} o={o} href={link} cancelledFor={cancelledFor} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <MostDependedCard items={o.mostDependedOn} href={link} />
        {o.cancelledPrerequisites.length > 0 && <CancelledCard items={o.cancelledPrerequisites} href={link} />}
      </div>
    </div>
  );
}

function Card({
  title,
  testId,
  className = "",
  children,
}: {
  title: string;
  testId: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className={`min-w-0 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <h2 className="mb-3 text-xs font-semibold uppercase tracking-wide text-muted">{title}</h2>
      {children}
    </section>
  );
}

function TaskLink({ href, taskRef, title }: { href: (ref: string) => string; taskRef: string; title: string }) {
  return (
    <Link href={href(taskRef)} className="min-w-0 break-words hover:underline">
      <span className="mr-1.5 font-mono text-xs text-muted">#{taskRef}</span>
      {title}
    </Link>
  );
}

function CancelledFlag({ refs }: { refs: string[] | undefined }) {
  if (!refs?.length) return null;
  const list = refs.map((r) => `#${r}`).join(", ");
  return (
    <span
      data-testid="cancelled-prerequisite-flag"
      title={`Depends on ${list}, which was cancelled: check the plan still holds without it`}
      className="inline-flex rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-800 dark:bg-amber-950 dark:text-amber-300"
    >
      Cancelled prerequisite {list}
    </span>
  );
}

function CompletionCard({ completion }: { completion: ProjectOverviewDto["completion"] }) {
  return (
    <Card title="Completion" testId="overview-completion" className="space-y-3">
      <ProgressBar label="Tasks" c={completion.tasks} />
      <ProgressBar label="Subtasks" c={completion.subtasks} />
      <p className="text-xs text-muted">Cancelled work is left out of the totals.</p>
    </Card>
  );
}

function ProgressBar({ label, c }: { label: string; c: Completion }) {
  return (
    <div className="space-y-1" data-testid={`overview-completion-${label.toLowerCase()}`}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-xs text-muted">{c.total === 0 ? "none" : `${c.done} of ${c.total} done · ${c.percent}%`}</span>
      </div>
      <div
        role="progressbar"
        aria-label={`${label} done`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={c.percent}
        className="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-emerald-500 transition-[width] dark:bg-emerald-400" style={{ width: `${c.percent}%` }} />
      </div>
    </div>
  );
}

function NextTaskCard({
  projectId,
  next,
  canEdit,
  href,
}: {
  projectId: string;
  next: ProjectOverviewDto["next"];
  canEdit: boolean;
  href: (ref: string) => string;
}) {
  const t = next.task;
  return (
    <Card title="Next up" testId="overview-next" className="lg:col-span-2">
      {t ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">
              <TaskLink href={href} taskRef={t.ref} title={t.title} />
            </span>
            <StatusBadge status={t.status} />
            <PriorityLabel priority={t.priority} />
            {canEdit && t.status === "pending" && <StartTaskButton projectId={projectId} task={t} />}
          </div>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="overview-next-reason">
            {next.reason}
          </p>
        </div>
      ) : (
        <p className="text-sm text-muted" data-testid="overview-next-reason">
          {next.reason}
        </p>
      )}
    </Card>
  );
}

function StatusTiles({ counts }: { counts: ProjectOverviewDto["counts"] }) {
  return (
    <section aria-label="Tasks by status" className="grid grid-cols-3 gap-2 sm:grid-cols-6" data-testid="overview-counts">
      {TASK_STATUSES.map((s) => (
        <div key={s} className="min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
          <p className="text-xl font-semibold tabular-nums" data-testid={`overview-count-${s}`}>
            {counts[s]}
          </p>
          <p className="flex items-center gap-1.5 truncate text-xs text-muted">
            <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${STATUS_DOT[s]}`} />
            {STATUS_LABEL[s]}
          </p>
        </div>
      ))}
    </section>
  );
}

function MoreLink({ shown, total, href }: { shown: number; total: number; href: string }) {
  if (total <= shown) return null;
  return (
    <p className="mt-3 text-xs text-muted">
      Showing {shown} of {total} ·{" "}
      <Link href={href} className="text-link underline underline-offset-2 hover:decoration-2">
        see all on the tasks page
      </Link>
    </p>
  );
}

interface ListProps {
  projectId: string;
  o: ProjectOverviewDto;
  href: (ref: string) => string;
  cancelledFor: Map<string, string[]>;
}

function ReadyCard({ projectId, o, href, cancelledFor }: ListProps) {
  return (
    <Card title={`Ready to work (${o.readyTotal})`} testId="overview-ready">
      {o.ready.length === 0 ? (
        <p className="text-sm text-muted">
          {o.blockedTotal > 0 ? "Nothing is ready: every open task waits on a prerequisite." : "No open work."}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {o.ready.map((t) => (
            <li key={t.ref} data-testid={`overview-ready-${t.ref}`} className="flex flex-wrap items-center gap-2 py-1.5 text-sm">
              <span className={`min-w-0 flex-1 ${t.ref.includes(".") ? "pl-4" : ""}`}>
                <TaskLink href={href} taskRef={t.ref} title={t.title} />
              </span>
              <CancelledFlag refs={cancelledFor.get(t.ref)} />
              <PriorityLabel priority={t.priority} />
              <StatusBadge status={t.status} />
            </li>
          ))}
        </ul>
      )}
      <MoreLink shown={o.ready.length} total={o.readyTotal} href={`/projects/${projectId}/tasks?ready=true`} />
    </Card>
  );
}

function BlockedCard({ projectId, o, href, cancelledFor }: ListProps) {
  return (
    <Card title={`Blocked (${o.blockedTotal})`} testId="overview-blocked">
      {o.blocked.length === 0 ? (
        <p className="text-sm text-muted">Nothing is blocked.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {o.blocked.map((t) => (
            <li key={t.ref} data-testid={`overview-blocked-${t.ref}`} className="space-y-1 py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 flex-1 font-medium">
                  <TaskLink href={href} taskRef={t.ref} title={t.title} />
                </span>
                <CancelledFlag refs={cancelledFor.get(t.ref)} />
                <StatusBadge status={t.status} />
              </div>
              <div className="flex flex-wrap items-start gap-x-2 gap-y-1 pl-4 text-xs">
                <span className="pt-0.5 text-muted">Waiting on</span>
                <ul className="min-w-0 flex-1 space-y-1">
                  {t.blockedBy.map((b) => (
                    <li key={b.ref} data-testid="overview-blocker" className="flex flex-wrap items-center gap-2">
                      <span className="min-w-0">
                        <TaskLink href={href} taskRef={b.ref} title={b.title} />
                      </span>
                      <StatusBadge status={b.status} />
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ul>
      )}
      <MoreLink shown={o.blocked.length} total={o.blockedTotal} href={`/projects/${projectId}/tasks?blocked=true`} />
    </Card>
  );
}

function MostDependedCard({ items, href }: { items: ProjectOverviewDto["mostDependedOn"]; href: (ref: string) => string }) {
  return (
    <Card title="Most depended on" testId="overview-most-depended">
      {items.length === 0 ? (
        <p className="text-sm text-muted">No open task has other work waiting on it.</p>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {items.map((t) => (
            <li key={t.ref} data-testid="overview-most-depended-item" className="flex flex-wrap items-center gap-2 py-1.5 text-sm">
              <span className="min-w-0 flex-1">
                <TaskLink href={href} taskRef={t.ref} title={t.title} />
              </span>
              <StatusBadge status={t.status} />
              <span
                className="text-xs whitespace-nowrap text-muted tabular-nums"
                title="Unfinished tasks waiting on it, directly or through others"
              >
                {t.dependents} waiting
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function CancelledCard({ items, href }: { items: ProjectOverviewDto["cancelledPrerequisites"]; href: (ref: string) => string }) {
  return (
    <Card title="Cancelled prerequisites" testId="overview-cancelled">
      <p className="mb-2 text-xs text-muted">
        Cancelled tasks count as resolved, so these no longer hold anything up — but the work below still lists them.
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {items.map((c) => (
          <li key={c.ref} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-sm">
            <span className="min-w-0 line-through decoration-zinc-400">
              <TaskLink href={href} taskRef={c.ref} title={c.title} />
            </span>
            <span className="text-xs text-muted">needed by</span>
            {c.dependents.map((d) => (
              <Link key={d} href={href(d)} className="font-mono text-xs text-link underline underline-offset-2 hover:decoration-2">
                #{d}
              </Link>
            ))}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function OverviewSkeleton() {
  const block = "animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900";
  return (
    <div className="space-y-4" aria-busy="true" data-testid="overview-loading">
      <span className="sr-only">Loading overview…</span>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className={`h-36 ${block}`} />
        <div className={`h-36 lg:col-span-2 ${block}`} />
      </div>
      <div className="grid grid-cols-3 gap-2 sm:grid-cols-6">
        {TASK_STATUSES.map((s) => (
          <div key={s} className={`h-16 ${block}`} />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className={`h-56 ${block}`} />
        <div className={`h-56 ${block}`} />
      </div>
    </div>
  );
}
