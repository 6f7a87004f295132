import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";

export interface AiRunDto {
  id: string;
  job: string;
  endpoint: string;
  model: string;
  attempt: number;
  ttftMs: number | null;
  durationMs: number;
  promptTokens: number | null;
  outputTokens: number | null;
  outcome: string;
  cacheHit: boolean;
  error: string | null;
  projectId: string | null;
  createdAt: string;
}

/** The AI run log: the admin sees every run, others their own. */
export async function listAiRuns(actor: Actor, opts: { limit?: number } = {}): Promise<AiRunDto[]> {
  const rows = await db.aiRun.findMany({
    where: actor.isAdmin ? {} : { userId: actor.userId },
    omit: { userId: true },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(opts.limit ?? 100, 1), 500),
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
