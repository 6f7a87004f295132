import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { plural } from "@/lib/plural";

/**
 * Password guessing is limited twice, over a 15-minute window shared by every way in (sign-in,
 * POST /tokens with credentials, a password change, sign-up of a taken email):
 * - per account: 10 failures, then the account refuses every password until the window ends
 *   (a success before that resets its count);
 * - per client address: 100 failures, whichever accounts they were aimed at.
 * The counters live in the database (rate-limiter-flexible's Prisma store), so every instance
 * serving the same database shares them.
 */
export const THROTTLE = { windowSeconds: 15 * 60, perAccount: 10, perAddress: 100 } as const;

const g = globalThis as unknown as { cairnThrottle?: { account: RateLimiterPrisma; address: RateLimiterPrisma } };
function limiters() {
  g.cairnThrottle ??= {
    account: new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: "auth-account",
      points: THROTTLE.perAccount,
      duration: THROTTLE.windowSeconds,
    }),
    address: new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: "auth-address",
      points: THROTTLE.perAddress,
      duration: THROTTLE.windowSeconds,
    }),
  };
  return g.cairnThrottle;
}

const accountKey = (email: string) => email.trim().toLowerCase();

function tooMany(msBeforeNext: number): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${plural(minutes, "minute")}.`, {
    retryAfterSeconds: seconds,
  });
}

/** Throws rate_limited when the account or the address is out of attempts (reads, counts nothing). */
export async function assertNotThrottled(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = limiters();
  const [a, b] = await Promise.all([account.get(accountKey(email)), byAddress.get(address)]);
  const blocked = [a, b].filter(
    (r, i): r is RateLimiterRes => !!r && r.consumedPoints >= (i === 0 ? THROTTLE.perAccount : THROTTLE.perAddress),
  );
  if (blocked.length) throw tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)));
}

/**
 * Runs one credential check under the limits. The attempt is counted before `check` runs, so
 * parallel guesses cannot slip past the limit; a success takes it back and clears the
 * account's count. `check` answers whether the credentials were right.
 */
export async function throttled<T>(email: string, address: string, check: () => Promise<{ ok: boolean; value: T }>): Promise<T> {
  const { account, address: byAddress } = limiters();
  const key = accountKey(email);
  const results = await Promise.allSettled([account.consume(key), byAddress.consume(address)]);
  const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (refused.length) {
    const real = refused.find((r) => !(r instanceof RateLimiterRes));
    if (real) throw real;
    throw tooMany(Math.max(...(refused as RateLimiterRes[]).map((r) => r.msBeforeNext)));
  }
  const outcome = await check();
  if (outcome.ok) await Promise.all([account.delete(key), byAddress.reward(address, 1)]);
  return outcome.value;
}

/** Counts one failure that needed no check of ours (e.g. sign-up of an email already taken). */
export async function countFailure(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = limiters();
  await Promise.all([account.penalty(accountKey(email)), byAddress.penalty(address)]);
}
