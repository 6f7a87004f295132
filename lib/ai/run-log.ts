import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { AiRunDto } from "./types";

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
