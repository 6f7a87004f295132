import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Actor } from "./actor";
import { requireScope } from "./authorize";

/** A browser signed in: the row whose id the session JWT carries. */
export async function createSession(userId: string, userAgent?: string | null): Promise<string> {
  const row = await db.session.create({ data: { userId, userAgent: userAgent?.slice(0, 300) ?? null }, select: { id: true } });
  return row.id;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user (but `exceptId`, the one asking, when given); returns how many. */
export async function revokeUserSessions(userId: string, exceptId?: string, tx: Tx = db): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** The user behind a live session, or null when it was revoked, belongs to someone else or the account is disabled. */
export async function liveSessionUser(sessionId: string, userId: string) {
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      userId: true,
      revokedAt: true,
      lastSeenAt: true,
      user: { select: { id: true, isAdmin: true, name: true, email: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.userId !== userId || row.user.disabledAt) return null;
  // Last-seen is informational: refresh it at most once a minute to spare the write.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
  }
  return row.user;
}

/**
 * Is the actor's credential still good? One indexed read; long-lived responses (the live stream)
 * ask it on every tick so a revoked token, a signed-out session or a disabled account ends them.
 */
export async function actorIsLive(actor: Actor): Promise<boolean> {
  if (actor.tokenId) {
    const t = await db.apiToken.findUnique({
      where: { id: actor.tokenId },
      select: { expiresAt: true, user: { select: { disabledAt: true } } },
    });
    return !!t && !t.user.disabledAt && (!t.expiresAt || t.expiresAt.getTime() > Date.now());
  }
  if (actor.sessionId) {
    const s = await db.session.findUnique({
      where: { id: actor.sessionId },
      select: { revokedAt: true, user: { select: { disabledAt: true } } },
    });
    return !!s && !s.revokedAt && !s.user.disabledAt;
  }
  return true;
}

/** "Sign out everywhere": every browser session of the actor ends, the current one included. */
export async function signOutEverywhere(actor: Actor): Promise<{ revokedSessions: number }> {
  requireScope(actor, "write");
  return { revokedSessions: await revokeUserSessions(actor.userId) };
}
