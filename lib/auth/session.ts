import "server-only";
import { getServerSession } from "next-auth";
import type { Actor } from "./actor";
import { authOptions } from "./options";
import { liveSessionUser } from "./sessions";

/**
 * The signed-in user as an actor, or null. The session row is read on every request (one
 * indexed read, with the user), so sign-out, "sign out everywhere", a password change, a
 * disabled or deleted account and a changed admin flag take effect at once, not when the JWT
 * expires. A JWT without a session id (issued before sessions were kept) is not accepted.
 */
export async function sessionActor(): Promise<(Actor & { name: string; email: string }) | null> {
  const session = await getServerSession(authOptions);
  const s = session as { user?: { id?: string }; sessionId?: string } | null;
  const id = s?.user?.id;
  const sessionId = s?.sessionId;
  if (!id || !sessionId) return null;
  const user = await liveSessionUser(sessionId, id);
  return user ? { userId: user.id, isAdmin: user.isAdmin, name: user.name, email: user.email, sessionId } : null;
}
