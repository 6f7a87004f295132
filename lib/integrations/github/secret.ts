// Webhook secrets are needed in clear to check each delivery's HMAC, so they cannot be hashed
// like API tokens. They are stored encrypted with AES-256-GCM under a key derived from
// NEXTAUTH_SECRET: a copy of the database alone does not reveal them.
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

const VERSION = "v1";

function key(): Buffer {
  const master = process.env.NEXTAUTH_SECRET;
  if (!master) throw new AppError("unavailable", "NEXTAUTH_SECRET is not set: Cairn cannot keep webhook secrets");
  return Buffer.from(hkdfSync("sha256", master, "cairn", "github-webhook-secret", 32));
}

/** A new webhook secret: 32 random bytes, hex (what GitHub's form takes as is). */
export function generateSecret(): string {
  return randomBytes(32).toString("hex");
}

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !data) throw new AppError("unavailable", "The stored webhook secret is unreadable");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // NEXTAUTH_SECRET changed since the secret was made: only a new secret helps.
    throw new AppError(
      "unavailable",
      "The webhook secret cannot be read (NEXTAUTH_SECRET changed?): rotate it in project settings → GitHub",
    );
  }
}
