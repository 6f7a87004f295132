"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox, Field, Input, Textarea } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useCreateProject, useMyInvitations, useProjects } from "@/lib/hooks/use-projects";
import { PROJECT_LIMITS } from "@/lib/validation/limits";
import { ImportDialog } from "./import-dialog";
import { plural } from "@/lib/plural";

export function ProjectsHome() {
  const projects = useProjects();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Projects</h1>
        <div className="ml-auto flex gap-2">
          <Button variant="secondary" onClick={() => setImporting(true)}>
            Import tasks.json
          </Button>
          <Button onClick={() => setCreating(true)}>New project</Button>
        </div>
      </div>

      <PendingInvitations />

      {projects.isPending ? (
        <div className="flex items-center gap-2 text-sm text-muted">
          <Spinner /> Loading projects…
        </div>
      ) : projects.isError ? (
        <ErrorBox>Could not load your projects: {errorMessage(projects.error)}</ErrorBox>
      ) : projects.data.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <h2 className="font-medium">No projects yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-muted">
            Create a project and add tasks by hand, or import a Task Master <code>tasks.json</code> — each tag becomes a project.
          </p>
          <div className="mt-4 flex justify-center gap-2">
            <Button onClick={() => setCreating(true)}>New project</Button>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              Import tasks.json
            </Button>
          </div>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="project-list">
          {projects.data.map((p) => {
            const pct = p.taskCount ? Math.round((p.doneCount / p.taskCount) * 100) : 0;
            return (
              <li key={p.id}>
                <Link
                  href={`/projects/${p.id}/board`}
                  className="block rounded-xl border border-zinc-200 bg-white p-4 transition hover:border-[var(--color-accent)] hover:shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
                >
                  <div className="flex items-start justify-between gap-2">
                    <h2 className="font-medium">{p.name}</h2>
                    <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-muted dark:bg-zinc-800">{p.role}</span>
                  </div>
                  {p.description && <p className="mt-1 line-clamp-2 text-sm text-muted">{p.description}</p>}
                  <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                    <div className="h-full bg-emerald-500" style={{ width: `${pct}%` }} />
                  </div>
                  <p className="mt-1.5 text-xs text-muted">
                    {p.doneCount} of {plural(p.taskCount, "task")} done
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}

/** Invitations addressed to the user: nobody joins a project without saying yes. */
function PendingInvitations() {
  const { list, accept, decline } = useMyInvitations();
  const router = useRouter();
  if (!list.data?.length) return null;
  const failed = accept.error ?? decline.error;
  return (
    <section
      aria-labelledby="invitations-heading"
      className="rounded-xl border border-[var(--color-accent)]/40 bg-[var(--color-accent)]/5 p-4"
      data-testid="invitations"
    >
      <h2 id="invitations-heading" className="mb-2 font-medium">
        {list.data.length === 1 ? "You are invited to a project" : `You are invited to ${list.data.length} projects`}
      </h2>
      {failed && (
        <div className="mb-2">
          <ErrorBox>{errorMessage(failed)}</ErrorBox>
        </div>
      )}
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {list.data.map((inv) => (
          <li key={inv.id} className="flex flex-wrap items-center gap-3 py-2">
            <p className="min-w-0 flex-1">
              <span className="font-medium">{inv.project.name}</span>
              <span className="text-zinc-600 dark:text-zinc-400">
                {" "}
                — as {inv.role}
                {inv.invitedBy ? `, from ${inv.invitedBy}` : ""}
              </span>
            </p>
            <Button
              size="sm"
              busy={accept.isPending && accept.variables === inv.id}
              onClick={() => accept.mutate(inv.id, { onSuccess: (p) => router.push(`/projects/${p.id}/board`) })}
              aria-label={`Accept the invitation to ${inv.project.name}`}
            >
              Accept
            </Button>
            <Button
              size="sm"
              variant="ghost"
              busy={decline.isPending && decline.variables === inv.id}
              onClick={() => decline.mutate(inv.id)}
              aria-label={`Decline the invitation to ${inv.project.name}`}
            >
              Decline
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const create = useCreateProject();
  return (
    <Dialog open={open} onClose={onClose} title="New project">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          create.mutate(
            { name: String(f.get("name") ?? ""), description: String(f.get("description") ?? "") },
            { onSuccess: (p) => router.push(`/projects/${p.id}/board`) },
          );
        }}
      >
        {create.isError && <ErrorBox>{errorMessage(create.error)}</ErrorBox>}
        <Field label="Name">
          {(p) => <Input {...p} name="name" required maxLength={PROJECT_LIMITS.name} autoFocus placeholder="Home lab dashboard" />}
        </Field>
        <Field label="Description">{(p) => <Textarea {...p} name="description" rows={3} maxLength={PROJECT_LIMITS.description} />}</Field>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Create project
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
