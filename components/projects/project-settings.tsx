"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorBox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { GithubSection } from "./github-settings";
import { errorMessage } from "@/lib/hooks/api-client";
import { useDependencyCheck } from "@/lib/hooks/use-tasks";
import {
  useDeleteProject,
  useMemberMutations,
  useMembers,
  useProject,
  useProjectInvitations,
  useUpdateProject,
} from "@/lib/hooks/use-projects";
import { ROLES, type Role } from "@/lib/validation/common";
import { PROJECT_LIMITS } from "@/lib/validation/limits";
import { plural } from "@/lib/plural";

const card = "rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

export function ProjectSettings({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  if (!project.data) return null;
  const role = project.data.role;
  return (
    // One column that may shrink below its widest content (a long email, a repository name): each
    // section handles its own overflow, and a phone's page never scrolls sideways.
    <div className="grid max-w-3xl grid-cols-1 gap-5">
      <GeneralSection projectId={projectId} name={project.data.name} description={project.data.description} canEdit={role !== "viewer"} />
      <MembersSection projectId={projectId} isOwner={role === "owner"} />
      <DependencyCheck projectId={projectId} canFix={role !== "viewer"} />
      {role === "owner" && <GithubSection projectId={projectId} />}
      <section className={card}>
        <h2 className="mb-1 font-semibold">Task Master</h2>
        <p className="mb-3 text-sm text-muted">A tagged tasks.json the task-master CLI reads, with every task, subtask and dependency.</p>
        <a
          className="text-sm font-medium text-link underline underline-offset-2 hover:decoration-2"
          href={`/api/v1/projects/${projectId}/export/taskmaster`}
          download
        >
          Export tasks.json
        </a>
      </section>
      {role === "owner" && <DangerSection projectId={projectId} name={project.data.name} />}
    </div>
  );
}

function GeneralSection({
  projectId,
  name,
  description,
  canEdit,
}: {
  projectId: string;
  name: string;
  description: string;
  canEdit: boolean;
}) {
  const update = useUpdateProject(projectId);
  const toast = useToast();
  return (
    <section className={card}>
      <h2 className="mb-4 font-semibold">General</h2>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          update.mutate(
            { name: String(f.get("name")), description: String(f.get("description")) },
            { onSuccess: () => toast({ tone: "success", message: "Project saved" }) },
          );
        }}
      >
        <fieldset disabled={!canEdit} className="space-y-3">
          {update.isError && <ErrorBox>{errorMessage(update.error)}</ErrorBox>}
          <Field label="Name">{(p) => <Input {...p} name="name" defaultValue={name} required maxLength={PROJECT_LIMITS.name} />}</Field>
          <Field label="Description">{(p) => <Textarea {...p} name="description" defaultValue={description} rows={3} />}</Field>
          {canEdit && (
            <Button type="submit" busy={update.isPending}>
              Save
            </Button>
          )}
        </fieldset>
      </form>
    </section>
  );
}

function MembersSection({ projectId, isOwner }: { projectId: string; isOwner: boolean }) {
  const members = useMembers(projectId);
  const invitations = useProjectInvitations(projectId, isOwner);
  const m = useMemberMutations(projectId);
  const toast = useToast();
  const onError = (e: unknown) => toast({ tone: "error", message: errorMessage(e) });
  return (
    <section className={card}>
      <h2 className="mb-4 font-semibold">Members</h2>
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="members">
        {members.data?.map((mem) => (
          <li key={mem.userId} className="flex items-center gap-3 py-2">
            <div className="min-w-0 flex-1">
              <p className="font-medium">{mem.name}</p>
              <p className="truncate text-xs text-muted">{mem.email}</p>
            </div>
            {isOwner ? (
              <Select
                aria-label={`Role of ${mem.email}`}
                value={mem.role}
                className="w-28"
                onChange={(e) => m.update.mutate({ userId: mem.userId, role: e.target.value as Role }, { onError })}
              >
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </Select>
            ) : (
              <span className="text-xs text-muted">{mem.role}</span>
            )}
            {isOwner && (
              <Button variant="ghost" size="sm" onClick={() => m.remove.mutate(mem.userId, { onError })} aria-label={`Remove ${mem.email}`}>
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      {isOwner && !!invitations.data?.length && (
        <>
          <h3 className="mt-4 mb-1 text-sm font-semibold">Pending invitations</h3>
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="pending-invitations">
            {invitations.data.map((inv) => (
              <li key={inv.id} className="flex items-center gap-3 py-2">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{inv.email}</p>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    invited as {inv.role} · {new Date(inv.createdAt).toLocaleDateString()}
                  </p>
                </div>
                <Button
                  variant="ghost"
                  size="sm"
                  busy={m.cancelInvitation.isPending && m.cancelInvitation.variables === inv.id}
                  onClick={() => m.cancelInvitation.mutate(inv.id, { onError })}
                  aria-label={`Cancel the invitation of ${inv.email}`}
                >
                  Cancel
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {isOwner && (
        <form
          className="mt-4 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const form = e.currentTarget;
            m.invite.mutate(
              { email: String(f.get("email")), role: String(f.get("role")) as Role },
              {
                onSuccess: (inv) => {
                  form.reset();
                  toast({ tone: "success", message: `Invited ${inv.email}: they see the invitation on their Projects page` });
                },
                onError,
              },
            );
          }}
        >
          <Input
            name="email"
            type="email"
            placeholder="teammate@example.com"
            aria-label="Email to invite"
            required
            className="min-w-56 flex-1"
          />
          <Select name="role" aria-label="Role" defaultValue="editor" className="w-28">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </Select>
          <Button type="submit" busy={m.invite.isPending}>
            Invite
          </Button>
        </form>
      )}
    </section>
  );
}

/** Task Master's validate-dependencies and fix-dependencies. */
function DependencyCheck({ projectId, canFix }: { projectId: string; canFix: boolean }) {
  const { check, fix } = useDependencyCheck(projectId);
  const result = fix.data ?? check.data;
  return (
    <section className={card} data-testid="dependency-check">
      <h2 className="mb-1 font-semibold">Dependency check</h2>
      <p className="mb-3 text-sm text-muted">Looks for tasks that depend on themselves, on missing tasks, or on each other in a cycle.</p>
      <Button variant="secondary" busy={check.isPending} onClick={() => (fix.reset(), check.mutate())}>
        Check dependencies
      </Button>
      {(check.isError || fix.isError) && (
        <div className="mt-3">
          <ErrorBox>{errorMessage(check.error ?? fix.error)}</ErrorBox>
        </div>
      )}
      {result && (
        <div className="mt-3 space-y-2 text-sm" role="status">
          {fix.data ? (
            <p>
              Removed {fix.data.removed?.length ?? 0} dependenc{fix.data.removed?.length === 1 ? "y" : "ies"}:
            </p>
          ) : result.valid ? (
            <p className="text-emerald-700 dark:text-emerald-400">All dependencies are sound.</p>
          ) : (
            <p className="text-amber-700 dark:text-amber-400">{plural(result.issues.length, "problem")} found:</p>
          )}
          <ul className="list-disc pl-5 text-zinc-600 dark:text-zinc-300">
            {(fix.data?.removed?.map((r) => `#${r.taskRef} → #${r.dependsOnRef}: ${r.reason}`) ?? result.issues.map((i) => i.message)).map(
              (m, i) => (
                <li key={i}>{m}</li>
              ),
            )}
          </ul>
          {!fix.data && !result.valid && canFix && (
            <Button variant="danger" busy={fix.isPending} onClick={() => fix.mutate()}>
              Remove the {result.issues.length} bad dependenc{result.issues.length === 1 ? "y" : "ies"}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

function DangerSection({ projectId, name }: { projectId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const del = useDeleteProject(projectId);
  const router = useRouter();
  return (
    <section className={`${card} border-red-200 dark:border-red-900`}>
      <h2 className="mb-2 font-semibold text-red-700 dark:text-red-400">Delete project</h2>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-300">
        Deletes the project, every task in it and their history. This cannot be undone.
      </p>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete project…
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete “${name}”?`}
        body="Every task, subtask, dependency, note and report of this project will be deleted for every member."
        confirmLabel="Delete project"
        busy={del.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() => del.mutate(undefined, { onSuccess: () => router.push("/") })}
      />
    </section>
  );
}
