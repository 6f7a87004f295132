import "server-only";
import { db } from "@/lib/db";
import { AppError, conflict } from "@/lib/errors";
import { createUserInput, instanceSettingsInput, signUpInput } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./actor";
import { requireAdmin } from "./authorize";
import { hashPassword, verifyPassword } from "./password";
import type { UserDto, InstanceSettings } from "./types";

const toDto = (u: { id: string; email: string; name: string; isAdmin: boolean; createdAt: Date }): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  createdAt: u.createdAt.toISOString(),
});

const OPEN_SIGNUP = "openSignup";

export async function getInstanceSettings(): Promise<InstanceSettings> {
  const [row, users] = await Promise.all([
    db.instanceSetting.findUnique({ where: { key: OPEN_SIGNUP } }),
    db.user.count(),
  ]);
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

/** Public sign-up: the first account becomes the admin; later ones need open sign-up. */
export async function signUp(raw: unknown): Promise<UserDto> {
  const input = parseInput(signUpInput, raw);
  const settings = await getInstanceSettings();
  if (!settings.needsFirstUser && !settings.openSignup) {
    throw new AppError("forbidden", "Sign-up is closed on this Cairn. Ask the admin for an account.");
  }
  // Two simultaneous first sign-ups: only one may become admin, so decide inside a transaction.
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
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
  return (await db.user.findMany({ orderBy: { createdAt: "asc" } })).map(toDto);
}

export async function getUser(userId: string): Promise<UserDto | null> {
  const u = await db.user.findUnique({ where: { id: userId } });
  return u ? toDto(u) : null;
}

export async function authenticateCredentials(email: string, password: string): Promise<UserDto | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    // Spend the same time as a real check so response time does not reveal which emails exist.
    await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? toDto(user) : null;
}
