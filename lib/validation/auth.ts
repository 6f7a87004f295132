import { z } from "zod";
import { email, id, personName, TOKEN_SCOPES, text } from "./common";
import { newPassword } from "./password";

export const signUpInput = z.strictObject({ email, password: newPassword, name: personName });
export const createUserInput = z.strictObject({
  email,
  password: newPassword,
  name: personName,
  isAdmin: z.boolean().optional(),
});
export const signInInput = z.object({ email, password: text.min(1).max(200) });

const tokenFields = {
  name: text.trim().min(1, "Give the token a name").max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, "Choose at least one scope").max(TOKEN_SCOPES.length),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  /** Binds the token to one project: it then reaches only that project. */
  projectId: id.optional(),
};
/** Scripts bootstrap a token with credentials; a signed-in user creates one without. */
export const createTokenWithCredentialsInput = z.strictObject({
  email,
  password: text.min(1).max(200),
  ...tokenFields,
});
export const createTokenInput = z.strictObject(tokenFields);
export const instanceSettingsInput = z.strictObject({ openSignup: z.boolean() });
export const updateUserInput = z.strictObject({ disabled: z.boolean() });
export const changePasswordInput = z.strictObject({
  currentPassword: text.min(1, "Enter your current password").max(200),
  newPassword,
});
