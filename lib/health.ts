import "server-only";
import { db, dbReady } from "@/lib/db";
import { connectionProbe, writeState } from "@/lib/db-driver";
import { databaseError, WRITE_FAILED_MESSAGE } from "@/lib/db-errors";
import { lastBackup } from "@/lib/ops/backup";
import { endpointStates, type EndpointState } from "@/lib/ops/monitor";
import pkg from "@/package.json";

export interface Health {
  status: "ok" | "error";
  version: string;
  database: { status: "ok" | "error"; migrations?: number; error?: string };
  /** Each AI endpoint by name, as the app's periodic check last saw it (anyone may call this: no URLs, no versions). */
  ai?: { endpoints: { name: string; status: EndpointState }[] };
  /** Seconds since the newest backup; null when there is none. */
  backup?: { lastAgeSeconds: number | null };
}

/** What the readiness answer adds about AI endpoints and backups; a failure here never fails readiness. */
async function opsHealth(): Promise<Pick<Health, "ai" | "backup">> {
  const out: Pick<Health, "ai" | "backup"> = {};
  try {
    out.ai = { endpoints: (await endpointStates()).map((e) => ({ name: e.name, status: e.status })) };
  } catch {
    // the settings could not be read: the database part says why
  }
  try {
    out.backup = { lastAgeSeconds: lastBackup().ageSeconds };
  } catch {
    out.backup = { lastAgeSeconds: null };
  }
  return out;
}

// Writes are checked with a real (empty) write only when they are in doubt: the last one failed,
// or none succeeded lately. A probe's answer is reused for a moment, so polling costs nothing.
const QUIET_MS = 15_000;
const PROBE_REUSE_MS = 2_000;
let lastProbe: { at: number; problem: string | null } | null = null;

async function writeProblem(): Promise<string | null> {
  const { lastOkAt, lastFailure } = writeState();
  const failing = lastFailure !== null && (lastOkAt === null || lastFailure.at >= lastOkAt);
  const quiet = lastOkAt === null || Date.now() - lastOkAt > QUIET_MS;
  if (!failing && !quiet) return null;
  // Reused only when no write has failed since: a fresh failure is always checked.
  if (lastProbe && Date.now() - lastProbe.at < PROBE_REUSE_MS && lastProbe.at >= (lastFailure?.at ?? 0)) return lastProbe.problem;
  const probe = connectionProbe();
  let problem: string | null = null;
  try {
    // "busy" (another writer holds the lock) is a database at work, not a failing one.
    if (probe) await probe();
  } catch (e) {
    const since = writeState().lastFailure?.at ?? Date.now();
    problem = `${WRITE_FAILED_MESSAGE}: ${e instanceof Error ? e.message : String(e)} (failing since ${new Date(since).toISOString()})`;
  }
  lastProbe = { at: Date.now(), problem };
  return problem;
}

export async function getHealth(): Promise<Health> {
  try {
    await dbReady();
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*) AS "n" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`;
    const migrations = Number(rows[0]?.n ?? 0);
    const problem = await writeProblem();
    const ops = await opsHealth();
    if (problem) return { status: "error", version: pkg.version, database: { status: "error", migrations, error: problem }, ...ops };
    return { status: "ok", version: pkg.version, database: { status: "ok", migrations }, ...ops };
  } catch (e) {
    // A database fault in the words the API uses for it (busy, failing writes, server unreachable).
    const error = databaseError(e)?.message ?? (e instanceof Error ? e.message : String(e));
    return { status: "error", version: pkg.version, database: { status: "error", error } };
  }
}
