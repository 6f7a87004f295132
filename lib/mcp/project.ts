import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { listProjectNames } from "@/lib/tasks/projects";

type ProjectName = Awaited<ReturnType<typeof listProjectNames>>[number];

const listed = (ps: ProjectName[]) =>
  ps.length ? ps.map((p) => `"${p.name}" (slug ${p.slug}, id ${p.id})`).join("; ") : "you are not a member of any project yet";

/**
 * The `project` argument (id or slug) → a project id the actor is a member of. A token bound to
 * one project needs no argument. Anything that does not resolve names the projects there are.
 */
export async function resolveProject(actor: Actor, arg: string | undefined): Promise<string> {
  const wanted = arg?.trim();
  if (actor.tokenProjectId && !wanted) return actor.tokenProjectId;
  const projects = await listProjectNames(actor);
  if (!wanted) throw new AppError("invalid", `project: say which project (id or slug). Your projects: ${listed(projects)}`);
  const byId = projects.find((p) => p.id === wanted);
  if (byId) return byId.id;
  const bySlug = projects.filter((p) => p.slug === wanted.toLowerCase());
  if (bySlug.length === 1) return bySlug[0]!.id;
  if (bySlug.length > 1)
    throw new AppError("invalid", `project: several of your projects use the slug "${wanted}"; give the id: ${listed(bySlug)}`);
  throw new AppError("not_found", `project: no project of yours is "${wanted}". Your projects: ${listed(projects)}`);
}
