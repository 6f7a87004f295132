// Where a task came from and what is linked to it: the GitHub issue, pull requests that name it.
import type { ExternalLinkDto, TaskDto } from "@/lib/tasks/types";

const STATE_STYLE: Record<ExternalLinkDto["state"], string> = {
  open: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  draft: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  merged: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  closed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

export function ExternalLinks({ task }: { task: Pick<TaskDto, "externalRef" | "links" | "source"> }) {
  if (!task.externalRef && task.links.length === 0) return null;
  const issue = task.links.find((l) => l.kind === "issue");
  const pulls = task.links.filter((l) => l.kind === "pull_request");
  return (
    <section className="space-y-1.5 text-sm" aria-label="GitHub" data-testid="task-external-links">
      <h3 className="font-semibold">GitHub</h3>
      {task.externalRef && (
        <p className="text-zinc-600 dark:text-zinc-300">
          From{" "}
          {issue ? (
            <a
              className="font-mono text-link underline underline-offset-2 hover:decoration-2"
              href={issue.url}
              target="_blank"
              rel="noreferrer"
            >
              {task.externalRef}
            </a>
          ) : (
            <span className="font-mono">{task.externalRef}</span>
          )}
          {issue && <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${STATE_STYLE[issue.state]}`}>{issue.state}</span>}
        </p>
      )}
      {pulls.length > 0 && (
        <ul className="space-y-1">
          {pulls.map((l) => (
            <li key={`${l.repository}#${l.number}`} className="flex min-w-0 items-center gap-2">
              <span className={`rounded px-1.5 py-0.5 text-xs ${STATE_STYLE[l.state]}`}>{l.state}</span>
              <a className="truncate hover:underline" href={l.url} target="_blank" rel="noreferrer">
                PR #{l.number} {l.title}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
