import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { createTokenInput, createTokenWithCredentialsInput } from "@/lib/validation/auth";
import type { TokenScope } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./actor";
import { authenticateCredentials } from "./users";
import type { TokenDto } from "./types";

const PREFIX = "cairn_";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toDto(t: {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}): TokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes.split(",") as TokenScope[],
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

async function issueToken(userId: string, input: z.output<typeof createTokenInput>) {
  // The secret is shown once; only its hash is stored.
  const token = PREFIX + randomBytes(24).toString("base64url");
  const row = await db.apiToken.create({
    data: {
      userId,
      name: input.name,
      prefix: token.slice(0, PREFIX.length + 6),
      tokenHash: hashToken(token),
      scopes: [...new Set(input.scopes)].sort().join(","),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
  });
  return { token, apiToken: toDto(row) };
}

export async function createToken(actor: Actor, raw: unknown) {
  const input = parseInput(createTokenInput, raw);
  return issueToken(actor.userId, input);
}

export async function createTokenWithCredentials(raw: unknown) {
  const { email, password, ...rest } = parseInput(createTokenWithCredentialsInput, raw);
  const user = await authenticateCredentials(email, password);
  if (!user) throw new AppError("unauthenticated", "Wrong email or password");
  return issueToken(user.id, rest);
}

/**
 * POST /tokens accepts both ways in: scripts bootstrap with email + password, the settings page
 * creates a token for the signed-in user (resolved only when no credentials are given).
 */
export async function createTokenFromRequest(raw: unknown, signedIn: () => Promise<Actor>) {
  const hasCredentials = typeof raw === "object" && raw !== null && ("email" in raw || "password" in raw);
  return hasCredentials ? createTokenWithCredentials(raw) : createToken(await signedIn(), raw);
}

export async function listTokens(actor: Actor): Promise<TokenDto[]> {
  const rows = await db.apiToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toDto);
}

export async function revokeToken(actor: Actor, tokenId: string): Promise<void> {
  const { count } = await db.apiToken.deleteMany({ where: { id: tokenId, userId: actor.userId } });
  if (count === 0) throw notFound("Token");
}

/** Resolves a bearer token to an actor, or throws unauthenticated. */
export async function actorFromToken(token: string): Promise<Actor> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, isAdmin: true } } },
  });
  if (!row) throw new AppError("unauthenticated", "Invalid API token");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw new AppError("unauthenticated", "This API token has expired");
  }
  // Last-used is informational: refresh it at most once a minute to spare the write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { userId: row.user.id, isAdmin: row.user.isAdmin, tokenScopes: row.scopes.split(",") as TokenScope[] };
}
