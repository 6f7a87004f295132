import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject, requireScope } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import type { Role } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { addMemberInput } from "@/lib/validation/projects";
import { getProject } from "./projects";
import type { InvitationDto, MyInvitationDto, ProjectDto } from "./types";

/**
 * Adding someone by email makes a pending invitation; they become a member only by accepting it.
 * The owner's answer is the same whether or not an account uses the address (nothing about the
 * account is in it), so inviting cannot be used to find out who has an account.
 */
type Row = { id: string; projectId: string; email: string; role: string; createdAt: Date; invitedBy: { name: string } | null };
const toDto = (r: Row): InvitationDto => ({
  id: r.id,
  projectId: r.projectId,
  email: r.email,
  role: r.role as Role,
  invitedBy: r.invitedBy?.name ?? null,
  createdAt: r.createdAt.toISOString(),
});

const pending = { acceptedAt: null, declinedAt: null } as const;
const withInviter = { invitedBy: { select: { name: true } } } as const;

export async function inviteMember(actor: Actor, projectId: string, raw: unknown): Promise<InvitationDto> {
  const input = parseInput(addMemberInput, raw);
  await authorizeProject(actor, projectId, "owner");
  return inTransaction(async (tx) => {
    // The owner already sees the members and the pending invitations, so naming them reveals nothing.
    const member = await tx.membership.findFirst({ where: { projectId, user: { email: input.email } }, select: { role: true } });
    if (member) throw conflict(`${input.email} is already a member (${member.role})`);
    const open = await tx.invitation.findFirst({ where: { projectId, email: input.email, ...pending }, select: { id: true } });
    if (open) throw conflict(`${input.email} already has a pending invitation`);
    const row = await tx.invitation.create({
      data: { projectId, email: input.email, role: input.role, invitedById: actor.userId },
      include: withInviter,
    });
    return toDto(row);
  });
}

/** The project's pending invitations (owners only). */
export async function listProjectInvitations(actor: Actor, projectId: string): Promise<InvitationDto[]> {
  // Owners only, but a read: a read-scoped token of an owner may list them.
  await authorizeProject(actor, projectId, "owner", db, "read");
  const rows = await db.invitation.findMany({ where: { projectId, ...pending }, include: withInviter, orderBy: { createdAt: "asc" } });
  return rows.map(toDto);
}

export async function cancelInvitation(actor: Actor, projectId: string, invitationId: string): Promise<void> {
  await authorizeProject(actor, projectId, "owner");
  const { count } = await db.invitation.deleteMany({ where: { id: invitationId, projectId, ...pending } });
  if (count === 0) throw notFound("Invitation");
}

async function actorEmail(actor: Actor): Promise<string> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  if (!user) throw notFound("User");
  return user.email;
}

/** Pending invitations addressed to the actor's email. */
export async function listMyInvitations(actor: Actor): Promise<MyInvitationDto[]> {
  requireScope(actor, "read");
  const email = await actorEmail(actor);
  const rows = await db.invitation.findMany({
    where: { email, ...pending },
    include: { ...withInviter, project: { select: { id: true, name: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({
    id: r.id,
    project: r.project,
    role: r.role as Role,
    invitedBy: r.invitedBy?.name ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Someone else's invitation, or one already answered, is not found: ids reveal nothing. */
async function findMine(tx: Pick<typeof db, "invitation">, actor: Actor, invitationId: string) {
  const email = await actorEmail(actor);
  const inv = await tx.invitation.findFirst({ where: { id: invitationId, email, ...pending } });
  if (!inv) throw notFound("Invitation");
  return inv;
}

/** Accepting makes the actor a member with the invited role; the answer is the project as they now see it. */
export async function acceptInvitation(actor: Actor, invitationId: string): Promise<ProjectDto> {
  requireScope(actor, "write");
  const projectId = await inTransaction(async (tx) => {
    const inv = await findMine(tx, actor, invitationId);
    const existing = await tx.membership.findUnique({ where: { projectId_userId: { projectId: inv.projectId, userId: actor.userId } } });
    if (!existing) await tx.membership.create({ data: { projectId: inv.projectId, userId: actor.userId, role: inv.role } });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: new Date() } });
    return inv.projectId;
  });
  return getProject(actor, projectId);
}

export async function declineInvitation(actor: Actor, invitationId: string): Promise<void> {
  requireScope(actor, "write");
  await inTransaction(async (tx) => {
    const inv = await findMine(tx, actor, invitationId);
    await tx.invitation.update({ where: { id: inv.id }, data: { declinedAt: new Date() } });
  });
}
