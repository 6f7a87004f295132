import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject, requireScope, requireUnboundToken } from "@/lib/auth/authorize";
import { db, inTransaction, type Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import type { Role, TaskStatus } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { createProjectInput, updateMemberInput, updateProjectInput } from "@/lib/validation/projects";
import type { ProjectDto, MemberDto } from "./types";
import { tallyCompletion } from "./rules/status";

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/[\s_-]+/g, "-")
      .slice(0, 60) || "project"
  );
}

type ProjectRow = { id: string; name: string; slug: string; description: string; revision: number; createdAt: Date; updatedAt: Date };

async function countsFor(projectIds: string[]) {
  const rows = await db.task.groupBy({
    by: ["projectId", "status"],
    where: { projectId: { in: projectIds }, parentId: null },
    _count: { _all: true },
  });
  const out = new Map<string, { total: number; done: number }>();
  for (const r of rows) {
    const c = out.get(r.projectId) ?? { total: 0, done: 0 };
    // The same count as the overview's completion, so the header and the page agree.
    tallyCompletion(c, r.status as TaskStatus, r._count._all);
    out.set(r.projectId, c);
  }
  return out;
}

function toDto(p: ProjectRow, role: Role, counts?: { total: number; done: number }): ProjectDto {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    role,
    taskCount: counts?.total ?? 0,
    doneCount: counts?.done ?? 0,
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Creates a project owned by the actor. Used by the API and by import (inside its transaction). */
export async function insertProject(tx: Tx, actor: Actor, input: { name: string; description?: string; nextNumber?: number }) {
  const project = await tx.project.create({
    data: { name: input.name, slug: slugify(input.name), description: input.description ?? "", nextNumber: input.nextNumber ?? 1 },
  });
  await tx.membership.create({ data: { projectId: project.id, userId: actor.userId, role: "owner" } });
  return project;
}

export async function createProject(actor: Actor, raw: unknown): Promise<ProjectDto> {
  const input = parseInput(createProjectInput, raw);
  requireScope(actor, "write");
  requireUnboundToken(actor);
  const project = await inTransaction((tx) => insertProject(tx, actor, input));
  return toDto(project, "owner");
}

export async function listProjects(actor: Actor): Promise<ProjectDto[]> {
  const memberships = await db.membership.findMany({
    where: { userId: actor.userId, ...(actor.tokenProjectId ? { projectId: actor.tokenProjectId } : {}) },
    include: { project: true },
    orderBy: { project: { updatedAt: "desc" } },
  });
  const counts = await countsFor(memberships.map((m) => m.projectId));
  return memberships.map((m) => toDto(m.project, m.role as Role, counts.get(m.projectId)));
}

/** The projects the actor may reach, names only: cheap enough to run on every agent request. */
export async function listProjectNames(actor: Actor): Promise<{ id: string; name: string; slug: string }[]> {
  const rows = await db.membership.findMany({
    where: { userId: actor.userId, ...(actor.tokenProjectId ? { projectId: actor.tokenProjectId } : {}) },
    select: { project: { select: { id: true, name: true, slug: true } } },
    orderBy: { project: { updatedAt: "desc" } },
  });
  return rows.map((r) => r.project);
}

export async function getProject(actor: Actor, projectId: string): Promise<ProjectDto> {
  const role = await authorizeProject(actor, projectId, "viewer");
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project) throw notFound("Project");
  return toDto(project, role, (await countsFor([projectId])).get(projectId));
}

export async function updateProject(actor: Actor, projectId: string, raw: unknown): Promise<ProjectDto> {
  const input = parseInput(updateProjectInput, raw);
  const role = await authorizeProject(actor, projectId, "editor");
  const project = await db.project.update({
    where: { id: projectId },
    data: { ...input, ...(input.name ? { slug: slugify(input.name) } : {}) },
  });
  return toDto(project, role, (await countsFor([projectId])).get(projectId));
}

export async function deleteProject(actor: Actor, projectId: string): Promise<{ deleted: true; tasks: number }> {
  await authorizeProject(actor, projectId, "owner");
  const tasks = await db.task.count({ where: { projectId } });
  await db.project.delete({ where: { id: projectId } });
  return { deleted: true, tasks };
}

export async function listMembers(actor: Actor, projectId: string): Promise<MemberDto[]> {
  await authorizeProject(actor, projectId, "viewer");
  const rows = await db.membership.findMany({
    where: { projectId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role as Role }));
}

export async function updateMember(actor: Actor, projectId: string, userId: string, raw: unknown): Promise<MemberDto> {
  const input = parseInput(updateMemberInput, raw);
  await authorizeProject(actor, projectId, "owner");
  return inTransaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, include: { user: true } });
    if (!m) throw notFound("Member");
    if (m.role === "owner" && input.role !== "owner") await assertAnotherOwner(tx, projectId, userId);
    await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
    return { userId, email: m.user.email, name: m.user.name, role: input.role };
  });
}

export async function removeMember(actor: Actor, projectId: string, userId: string): Promise<void> {
  // Anyone may leave; only the owner may remove others. Either is a write.
  requireScope(actor, "write");
  await authorizeProject(actor, projectId, userId === actor.userId ? "viewer" : "owner");
  await inTransaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
    if (!m) throw notFound("Member");
    if (m.role === "owner") await assertAnotherOwner(tx, projectId, userId);
    await tx.membership.delete({ where: { id: m.id } });
  });
}

async function assertAnotherOwner(tx: Tx, projectId: string, userId: string) {
  const owners = await tx.membership.count({ where: { projectId, role: "owner", userId: { not: userId } } });
  if (owners === 0) throw conflict("A project needs at least one owner");
}
