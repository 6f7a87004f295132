// What the account, settings and token services return (lib/auth).
import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/validation/common";
import { isoInstant, nullableInstant } from "./shared";

export const userDto = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  disabledAt: nullableInstant.describe("When the admin disabled the account; null while it is active"),
  createdAt: isoInstant,
});

export const instanceSettingsDto = z.strictObject({
  openSignup: z.boolean(),
  needsFirstUser: z.boolean().describe("True until the first account exists: that account becomes the admin"),
});

const tokenScope = z.enum(TOKEN_SCOPES);

export const tokenDto = z.strictObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the token, to recognise it"),
  scopes: z.array(tokenScope),
  expiresAt: nullableInstant,
  lastUsedAt: nullableInstant,
  project: z
    .strictObject({ id: z.string(), name: z.string() })
    .nullable()
    .describe("The one project the token is bound to; null when it reaches all of the user's projects"),
  createdAt: isoInstant,
});

export const createdTokenDto = z.strictObject({
  token: z.string().describe("The secret, shown only this once: send it as Authorization: Bearer <token>"),
  apiToken: tokenDto,
});

export const meDto = z.strictObject({
  user: userDto.nullable(),
  scopes: z.array(tokenScope).nullable().describe("The token's scopes; null when signed in with a session"),
});

export const revokedSessionsDto = z.strictObject({ revokedSessions: z.int().describe("How many sessions ended") });
