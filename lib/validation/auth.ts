import { z } from "zod";
import { email, password, personName, TOKEN_SCOPES, text } from "./common";

export const signUpInput = z.strictObject({ email, password, name: personName });
export const createUserInput = z.strictObject({
  email,
  password,
  name: personName,
  isAdmin: z.boolean().optional(),
});
export const signInInput = z.object({ email, password: text.min(1).max(200) });

const tokenFields = {
  name: text.trim().min(1, "Give the token a name").max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, "Choose at least one scope").max(2),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
};
/** Scripts bootstrap a token with credentials; a signed-in user creates one without. */
export const createTokenWithCredentialsInput = z.strictObject({
  email,
  password: text.min(1).max(200),
  ...tokenFields,
});
export const createTokenInput = z.strictObject(tokenFields);
export const instanceSettingsInput = z.strictObject({ openSignup: z.boolean() });
