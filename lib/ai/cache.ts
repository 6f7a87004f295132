// The response cache for structured jobs: an identical request (job, endpoint, model, prompt,
// schema, options) within the TTL is answered from the database. What is stored is the repaired
// JSON before the job's normaliser, so a cached answer is checked by today's rules when served.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { GenerationSettings } from "./providers";

/** Everything that shapes the answer: the job, where it goes, what it says and the sampling options. */
export interface CacheRequest extends GenerationSettings {
  job: string;
  endpointUrl: string;
  model: string;
  system: string;
  prompt: string;
  schema: Record<string, unknown>;
}

export interface CachedAnswer {
  /** The repaired JSON, before normalisation. */
  raw: unknown;
  repairs: string[];
  /** When the answer was stored (ISO); set when it is read back. */
  storedAt?: string;
}

export function cacheKey(r: CacheRequest): string {
  return createHash("sha256")
    .update(
      JSON.stringify([r.job, r.endpointUrl, r.model, r.system, r.prompt, r.schema, r.numCtx, r.temperature, r.maxOutputTokens ?? null]),
    )
    .digest("hex");
}

/** The stored answer for `key`, unless it has expired. */
export async function cachedAnswer(key: string, now = Date.now()): Promise<CachedAnswer | null> {
  const hit = await db.aiCacheEntry.findUnique({ where: { key } });
  if (!hit || hit.expiresAt.getTime() <= now) return null;
  return { ...(JSON.parse(hit.value) as CachedAnswer), storedAt: hit.createdAt.toISOString() };
}

export async function storeAnswer(
  key: string,
  r: Pick<CacheRequest, "job" | "model">,
  answer: CachedAnswer,
  ttlSeconds: number,
): Promise<void> {
  const entry = {
    job: r.job,
    model: r.model,
    value: JSON.stringify(answer),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  };
  await db.aiCacheEntry.upsert({ where: { key }, create: { key, ...entry }, update: entry });
}
