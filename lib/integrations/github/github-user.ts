// GitHub acts in Cairn as a user of its own, so the history, notes and reports name it like
// anyone else. The account cannot sign in (no password, disabled) and is never a member.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db";

export const GITHUB_USER_ID = "github";
const GITHUB_EMAIL = "github@integrations.cairn.invalid";

export const githubActor: Actor = { userId: GITHUB_USER_ID, isAdmin: false };

export async function ensureGithubUser(tx: Tx = db): Promise<void> {
  await tx.user.upsert({
    where: { id: GITHUB_USER_ID },
    create: { id: GITHUB_USER_ID, email: GITHUB_EMAIL, name: "GitHub", passwordHash: "!", disabledAt: new Date() },
    update: {},
  });
}
