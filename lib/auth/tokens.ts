import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { createTokenInput, createTokenWithCredentialsInput } from "@/lib/validation/auth";
import type { TokenScope } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./actor";
import { authorizeProject, requireScope } from "./authorize";
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
  project?: { id: string; name: string } | null;
}): TokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes.split(",") as TokenScope[],
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    project: t.project ?? null,
  };
}

/** A token never carries more than its creator holds: `admin` only for an admin, and never on a token bound to one project. */
function assertScopesHeld(user: { isAdmin: boolean }, scopes: readonly TokenScope[], projectId?: string): void {
  if (scopes.includes("admin") && !user.isAdmin) {
    throw new AppError("forbidden", 'Only the instance admin can create a token with the "admin" scope');
  }
  if (scopes.includes("admin") && projectId) {
    throw new AppError("invalid", 'A token bound to one project cannot have the "admin" scope');
  }
}

const withProject = { project: { select: { id: true, name: true } } } as const;

async function issueToken(user: Actor, input: z.output<typeof createTokenInput>) {
  // Binding to a project the user cannot see would reveal nothing useful and reach nothing.
  if (input.projectId) await authorizeProject({ userId: user.userId, isAdmin: user.isAdmin }, input.projectId, "viewer");
  assertScopesHeld(user, input.scopes, input.projectId);
  const userId = user.userId;
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
      projectId: input.projectId ?? null,
    },
    include: withProject,
  });
  return { token, apiToken: toDto(row) };
}

/**
 * A token is created from a session (or with credentials), never from another token: a token
 * that could mint tokens would make every narrower scope meaningless.
 */
export async function createToken(actor: Actor, raw: unknown) {
  if (actor.tokenScopes) {
    throw new AppError("forbidden", "An API token cannot create tokens: sign in, or send your email and password");
  }
  const input = parseInput(createTokenInput, raw);
  return issueToken(actor, input);
}

export async function createTokenWithCredentials(raw: unknown, address = "unknown") {
  const { email, password, ...rest } = parseInput(createTokenWithCredentialsInput, raw);
  const user = await authenticateCredentials(email, password, address);
  if (!user) throw new AppError("unauthenticated", "Wrong email or password");
  return issueToken({ userId: user.id, isAdmin: user.isAdmin }, rest);
}

/**
 * POST /tokens accepts both ways in: scripts bootstrap with email + password, the settings page
 * creates a token for the signed-in user (resolved only when no credentials are given).
 */
export async function createTokenFromRequest(raw: unknown, signedIn: () => Promise<Actor>, address = "unknown") {
  const hasCredentials = typeof raw === "object" && raw !== null && ("email" in raw || "password" in raw);
  return hasCredentials ? createTokenWithCredentials(raw, address) : createToken(await signedIn(), raw);
}

export async function listTokens(actor: Actor): Promise<TokenDto[]> {
  const rows = await db.apiToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: "desc" }, include: withProject });
  return rows.map(toDto);
}

export async function revokeToken(actor: Actor, tokenId: string): Promise<void> {
  requireScope(actor, "write");
  const { count } = await db.apiToken.deleteMany({ where: { id: tokenId, userId: actor.userId } });
  if (count === 0) throw notFound("Token");
}

/** Resolves a bearer token to an actor, or throws unauthenticated. */
export async function actorFromToken(token: string): Promise<Actor> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, isAdmin: true, disabledAt: true } } },
  });
  if (!row) throw new AppError("unauthenticated", "Invalid API token");
  if (row.user.disabledAt) throw new AppError("unauthenticated", "This account has been disabled");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw new AppError("unauthenticated", "This API token has expired");
  }
  // Last-used is informational: refresh it at most once a minute to spare the write, and never
  // make the request wait for it or fail with it (a busy or failing database skips it).
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return {
    userId: row.user.id,
    isAdmin: row.user.isAdmin,
    tokenScopes: row.scopes.split(",") as TokenScope[],
    tokenId: row.id,
    ...(row.projectId ? { tokenProjectId: row.projectId } : {}),
  };
}
