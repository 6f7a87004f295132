import "server-only";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import type { Actor } from "./actor";
import { authOptions } from "./options";

/**
 * The signed-in user as an actor, or null. The user row is re-read so a deleted account or a
 * changed admin flag takes effect at once, not when the session expires.
 */
export async function sessionActor(): Promise<(Actor & { name: string; email: string }) | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id }, select: { id: true, isAdmin: true, name: true, email: true } });
  return user ? { userId: user.id, isAdmin: user.isAdmin, name: user.name, email: user.email } : null;
}
