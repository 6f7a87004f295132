// Several instances on one database must sign sessions with the same NEXTAUTH_SECRET (and derive
// the same key for the webhook secrets they keep encrypted): otherwise a user signed in on one is
// signed out by the next request the proxy sends to another, and a GitHub link made on one cannot
// be checked on the other. Each instance records a fingerprint of its secret (an HMAC: it tells
// nothing about the secret) when it starts, and checks it again every few minutes; a different
// fingerprint means another instance runs with another secret, and the log says so.
import "server-only";
import { createHmac } from "node:crypto";
import { db } from "@/lib/db";

const KEY = "instance.secretFingerprint";
const CHECK_MS = 5 * 60_000;

export function secretFingerprint(secret: string): string {
  return createHmac("sha256", secret).update("cairn: the session secret every instance shares").digest("hex").slice(0, 32);
}

const MISMATCH =
  "[cairn] another Cairn instance on this database signs sessions with a different NEXTAUTH_SECRET: users are signed out when " +
  "requests move between instances, and webhook secrets made on one cannot be read on the other. Give every instance the same " +
  "NEXTAUTH_SECRET (or the same data folder). If you just changed the secret on purpose, restart the other instances with it.";

/** Records this instance's fingerprint; answers whether the one recorded before was different. */
export async function recordSecretFingerprint(secret = process.env.NEXTAUTH_SECRET): Promise<boolean> {
  if (!secret) return false;
  const value = secretFingerprint(secret);
  const before = await db.instanceSetting.findUnique({ where: { key: KEY } });
  if (before?.value !== value) await db.instanceSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  return !!before && before.value !== value;
}

/** Whether the fingerprint on record is another instance's (a different secret). */
export async function secretDiffers(secret = process.env.NEXTAUTH_SECRET): Promise<boolean> {
  if (!secret) return false;
  const row = await db.instanceSetting.findUnique({ where: { key: KEY } });
  return !!row && row.value !== secretFingerprint(secret);
}

/** At start: record, then keep checking; each check that finds another secret logs why it matters. */
export function watchSharedSecret(): void {
  const warn = (differs: boolean) => {
    if (differs) console.error(MISMATCH);
  };
  recordSecretFingerprint()
    .then((changed) => {
      if (changed)
        console.warn(
          "[cairn] NEXTAUTH_SECRET differs from the one this database was used with before; sessions signed with the old one end.",
        );
    })
    .catch((e) => console.error("[cairn] could not record the session secret's fingerprint", e));
  const timer = setInterval(() => {
    secretDiffers()
      .then(warn)
      .catch(() => undefined);
  }, CHECK_MS);
  timer.unref();
}
