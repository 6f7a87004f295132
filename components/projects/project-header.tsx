"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ErrorBox } from "@/components/ui/field";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import { useProject } from "@/lib/hooks/use-projects";

const TABS = [
  { href: "overview", label: "Overview" },
  { href: "board", label: "Board" },
  { href: "tasks", label: "List" },
  { href: "graph", label: "Graph" },
  { href: "chat", label: "Chat" },
  { href: "reports", label: "Reports" },
  { href: "plan", label: "Plan with AI" },
  { href: "complexity", label: "Complexity" },
  { href: "settings", label: "Settings" },
];

export function ProjectHeader({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const pathname = usePathname();
  if (project.isError) {
    const missing = project.error instanceof ApiError && project.error.status === 404;
    return (
      <ErrorBox>
        {missing
          ? "This project does not exist, or you are not a member of it."
          : `Could not load the project: ${errorMessage(project.error)}`}{" "}
        <Link href="/" className="underline">
          Back to projects
        </Link>
      </ErrorBox>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold" data-testid="project-name">
          {project.data?.name ?? <span className="inline-block h-6 w-48 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />}
        </h1>
        {project.data && (
          <span className="text-sm text-muted">
            <span data-testid="project-done">
              {project.data.doneCount}/{project.data.taskCount} done
            </span>{" "}
            · you are {project.data.role === "owner" ? "the owner" : `a ${project.data.role}`}
          </span>
        )}
      </div>
      {/* Phones wrap the tabs onto a second row, so every name stays readable; wider screens keep one row. */}
      <nav
        className="-mx-4 flex flex-wrap gap-x-1 border-b border-zinc-200 px-4 sm:flex-nowrap sm:overflow-x-auto dark:border-zinc-800"
        aria-label="Project"
        data-testid="project-tabs"
      >
        {TABS.map((t) => {
          const href = `/projects/${projectId}/${t.href}`;
          const active = pathname.startsWith(href);
          return (
            <Link
              key={t.href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={`-mb-px shrink-0 border-b-2 px-2.5 py-2 text-sm whitespace-nowrap sm:px-3 ${
                active
                  ? "border-[var(--color-accent)] font-medium"
                  : "border-transparent text-muted hover:text-zinc-800 dark:hover:text-zinc-200"
              }`}
            >
              {t.label}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
