import "server-only";
import { db, dbReady } from "@/lib/db";
import pkg from "@/package.json";

export interface Health {
  status: "ok" | "error";
  version: string;
  database: { status: "ok" | "error"; migrations?: number; error?: string };
}

export async function getHealth(): Promise<Health> {
  try {
    await dbReady();
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    return { status: "ok", version: pkg.version, database: { status: "ok", migrations: Number(rows[0]?.n ?? 0) } };
  } catch (e) {
    return { status: "error", version: pkg.version, database: { status: "error", error: e instanceof Error ? e.message : String(e) } };
  }
}
