import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { password } from "./common";

let common: Set<string> | undefined;

/** The ~49,000 most common passwords (zxcvbn's list), loaded once, compared case-insensitively. */
export function isCommonPassword(candidate: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common.has(candidate.toLowerCase());
}

/**
 * A password someone is choosing now (sign-up, an admin creating an account, a change): at least
 * 10 characters and not one of the most common passwords. Signing in checks none of this, so
 * accounts made under the old rule keep working.
 */
export const newPassword = password.refine((p) => !isCommonPassword(p), {
  message: "This password is one of the most common ones: choose something harder to guess",
});
