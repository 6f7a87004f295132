import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { Role, TokenScope } from "@/lib/validation/common";
import type { Actor } from "./actor";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/**
 * What the request's API token allows: `read` only reads, `write` changes project data, `admin`
 * runs the instance. `admin` counts only for an admin user, whatever the token says. A session
 * (no token) carries every scope its user may hold.
 */
export function requireScope(actor: Actor, scope: TokenScope): void {
  if (scope === "admin" && !actor.isAdmin) throw forbidden("Only the instance admin can do this");
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
  // What the token must hold: reads by viewers need read, anything more needs write, unless the
  // caller says it only reads (an owner-only list, say).
  scope: "read" | "write" = min === "viewer" ? "read" : "write",
): Promise<Role> {
  requireScope(actor, scope);
  // A project-bound token sees no other project, exactly as a non-member does.
  if (actor.tokenProjectId && actor.tokenProjectId !== projectId) throw notFound("Project");
  const membership = await tx.membership.findUnique({
    where: { projectId_userId: { projectId, userId: actor.userId } },
    select: { role: true },
  });
  if (!membership) throw notFound("Project");
  const role = membership.role as Role;
  if (!roleAtLeast(role, min)) {
    throw forbidden(min === "owner" ? "Only the project's owner can do this" : "Viewers cannot change this project");
  }
  return role;
}

/** Instance administration: an admin user, and on an API token the `admin` scope. */
export function requireAdmin(actor: Actor): void {
  requireScope(actor, "admin");
  requireUnboundToken(actor);
}

/** What lies outside any one project (new projects, imports, instance settings) is closed to a project-bound token. */
export function requireUnboundToken(actor: Actor): void {
  if (actor.tokenProjectId) throw forbidden("This API token is bound to one project and cannot do this");
}
