import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { Role } from "@/lib/validation/common";
import type { Actor } from "./actor";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** A read-only token may not write, whatever the user's role. */
export function requireScope(actor: Actor, scope: "read" | "write"): void {
  if (actor.tokenScopes && !actor.tokenScopes.includes(scope)) {
    throw new AppError("forbidden", `This API token lacks the "${scope}" scope`);
  }
}

/**
 * The one authorization question: may this actor act on this project with at least this role?
 * A non-member gets not_found (the project's existence is not revealed); a member with too
 * small a role gets forbidden.
 */
export async function authorizeProject(
  actor: Actor,
  projectId: string,
  min: Role,
  tx: Tx = db,
): Promise<Role> {
  requireScope(actor, min === "viewer" ? "read" : "write");
  const membership = await tx.membership.findUnique({
    where: { projectId_userId: { projectId, userId: actor.userId } },
    select: { role: true },
  });
  if (!membership) throw notFound("Project");
  const role = membership.role as Role;
  if (!roleAtLeast(role, min)) {
    throw forbidden(
      min === "owner" ? "Only the project's owner can do this" : "Viewers cannot change this project",
    );
  }
  return role;
}

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden("Only the instance admin can do this");
}
