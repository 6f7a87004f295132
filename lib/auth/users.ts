import "server-only";
import { db, inTransaction } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import { changePasswordInput, createUserInput, instanceSettingsInput, signUpInput, updateUserInput } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./actor";
import { requireAdmin, requireScope } from "./authorize";
import { hashPassword, verifyPassword } from "./password";
import type { UserDto, InstanceSettings } from "./types";
import { revokeUserSessions } from "./sessions";
import { assertNotThrottled, countFailure, throttled } from "./throttle";

const toDto = (u: { id: string; email: string; name: string; isAdmin: boolean; disabledAt: Date | null; createdAt: Date }): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  disabledAt: u.disabledAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

const OPEN_SIGNUP = "openSignup";

export async function getInstanceSettings(): Promise<InstanceSettings> {
  const [row, users] = await Promise.all([db.instanceSetting.findUnique({ where: { key: OPEN_SIGNUP } }), db.user.count()]);
  const env = process.env.CAIRN_OPEN_SIGNUP === "1" || process.env.CAIRN_OPEN_SIGNUP === "true";
  return { openSignup: env || row?.value === "true", needsFirstUser: users === 0 };
}

export async function updateInstanceSettings(actor: Actor, raw: unknown): Promise<InstanceSettings> {
  requireAdmin(actor);
  const input = parseInput(instanceSettingsInput, raw);
  await db.instanceSetting.upsert({
    where: { key: OPEN_SIGNUP },
    create: { key: OPEN_SIGNUP, value: String(input.openSignup) },
    update: { value: String(input.openSignup) },
  });
  return getInstanceSettings();
}

async function insertUser(email: string, password: string, name: string, isAdmin: boolean) {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw conflict("An account with this email already exists");
  const passwordHash = await hashPassword(password);
  return db.user.create({ data: { email, name, passwordHash, isAdmin } });
}

/**
 * Public sign-up: the first account becomes the admin; later ones need open sign-up. Trying a
 * taken email counts as a failed attempt (`address`: the client's), so sign-up cannot be used
 * to test thousands of addresses.
 */
export async function signUp(raw: unknown, address = "unknown"): Promise<UserDto> {
  const input = parseInput(signUpInput, raw);
  const settings = await getInstanceSettings();
  if (!settings.needsFirstUser && !settings.openSignup) {
    throw new AppError("forbidden", "Sign-up is closed on this Cairn. Ask the admin for an account.");
  }
  // Two simultaneous first sign-ups: only one may become admin, so decide inside a transaction.
  await assertNotThrottled(input.email, address);
  const passwordHash = await hashPassword(input.password);
  const user = await inTransaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      await countFailure(input.email, address);
      throw conflict("An account with this email already exists");
    }
    const isFirst = (await tx.user.count()) === 0;
    if (!isFirst && !settings.openSignup) {
      throw new AppError("forbidden", "Sign-up is closed on this Cairn. Ask the admin for an account.");
    }
    return tx.user.create({ data: { email: input.email, name: input.name, passwordHash, isAdmin: isFirst } });
  });
  return toDto(user);
}

export async function createUser(actor: Actor, raw: unknown): Promise<UserDto> {
  requireAdmin(actor);
  const input = parseInput(createUserInput, raw);
  return toDto(await insertUser(input.email, input.password, input.name, input.isAdmin ?? false));
}

export async function listUsers(actor: Actor): Promise<UserDto[]> {
  requireAdmin(actor);
  // The GitHub integration's own account (lib/integrations/github/github-user.ts) is no one to manage.
  return (await db.user.findMany({ where: { id: { not: "github" } }, orderBy: { createdAt: "asc" } })).map(toDto);
}

export async function getUser(userId: string): Promise<UserDto | null> {
  const u = await db.user.findUnique({ where: { id: userId } });
  return u ? toDto(u) : null;
}

/**
 * Email + password → the user, or null when they are wrong. Throttled per account and per
 * client address (`address`); a disabled account is refused even with the right password.
 */
export async function authenticateCredentials(email: string, password: string, address = "unknown"): Promise<UserDto | null> {
  const user = await throttled(email, address, async () => {
    const row = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!row) {
      // Spend the same time as a real check so response time does not reveal which emails exist.
      await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      return { ok: false, value: null };
    }
    const ok = await verifyPassword(password, row.passwordHash);
    return { ok, value: ok ? row : null };
  });
  if (!user) return null;
  if (user.disabledAt) throw new AppError("forbidden", "This account has been disabled. Ask the admin of this Cairn.");
  return toDto(user);
}

/** The admin disables (or enables again) an account: disabling ends its sessions at once and stops its tokens. */
export async function updateUser(actor: Actor, userId: string, raw: unknown): Promise<UserDto> {
  requireAdmin(actor);
  const input = parseInput(updateUserInput, raw);
  if (userId === actor.userId && input.disabled) throw new AppError("invalid", "You cannot disable your own account");
  return inTransaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    if (!existing) throw notFound("User");
    const disabledAt = input.disabled ? (existing.disabledAt ?? new Date()) : null;
    const user = await tx.user.update({ where: { id: userId }, data: { disabledAt } });
    if (input.disabled) await revokeUserSessions(userId, undefined, tx);
    return toDto(user);
  });
}

/**
 * Changes the actor's own password after checking the current one (a wrong one is a failed
 * attempt for throttling, answered 422 on the field). Every other session of the user ends.
 */
export async function changePassword(actor: Actor, raw: unknown, address = "unknown"): Promise<{ revokedSessions: number }> {
  requireScope(actor, "write");
  const input = parseInput(changePasswordInput, raw);
  const user = await db.user.findUnique({ where: { id: actor.userId } });
  if (!user) throw notFound("User");
  const ok = await throttled(user.email, address, async () => {
    const right = await verifyPassword(input.currentPassword, user.passwordHash);
    return { ok: right, value: right };
  });
  if (!ok) {
    throw new AppError("invalid", "currentPassword: The current password is wrong", {
      issues: [{ path: "currentPassword", message: "The current password is wrong" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    return { revokedSessions: await revokeUserSessions(user.id, actor.sessionId, tx) };
  });
}
