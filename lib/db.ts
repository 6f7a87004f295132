import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { dataDir } from "./data-dir";
import { Gate, LOCK_WAIT_MS, observedPostgres, resilientSqlite } from "./db-driver";
import { databaseFault } from "./db-errors";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresClient } from "./generated/prisma-pg/client";

export type Db = PrismaClient;
/** A transaction client: every service accepts either the root client or one of these. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Whether a DATABASE_URL names a PostgreSQL server (postgresql:// or postgres://). */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/**
 * `DATABASE_URL`: a postgresql:// URL as given, else an absolute SQLite file: URL, default
 * `<data dir>/cairn.db` (the launchers always pass an absolute one).
 */
export function databaseUrl(): string {
  const raw = process.env.DATABASE_URL || `file:${path.join(/* turbopackIgnore: true */ dataDir(), "cairn.db")}`;
  if (isPostgresUrl(raw)) return raw;
  const file = raw.replace(/^file:/, "");
  return `file:${path.resolve(/* turbopackIgnore: true */ file)}`;
}

/**
 * The database holds password and token hashes: owner-only, whoever created the file (SQLite
 * gives the -wal and -shm files the database file's mode). Tightens files from older versions too.
 */
export function restrictDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((fs.statSync(/* turbopackIgnore: true */ f).mode & 0o077) !== 0) fs.chmodSync(/* turbopackIgnore: true */ f, 0o600);
    } catch {
      // missing (no WAL yet) or not ours to change: nothing to tighten
    }
  }
}

/** Which database this process runs on, fixed at start. Only lib/db*.ts and raw-SQL helpers look at it. */
export const provider: "sqlite" | "postgresql" = isPostgresUrl(databaseUrl()) ? "postgresql" : "sqlite";

/** Connections each process keeps to PostgreSQL (CAIRN_PG_POOL_SIZE, default 10). */
const poolSize = () => {
  const n = Number(process.env.CAIRN_PG_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 10;
};

function createClient(): PrismaClient {
  const url = databaseUrl();
  if (provider === "postgresql") {
    const adapter = observedPostgres(new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 5_000 }));
    // The one cast between the clients: both are generated from the same models (the PostgreSQL
    // schema is made from the SQLite one by scripts/pg-schema.mjs, and a test fails when they
    // drift), so their model APIs are the same; services are typed against the SQLite client and
    // use nothing only one database has.
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }
  const file = url.replace(/^file:/, "");
  // Before the first connection: a database SQLite creates itself is owner-only from the start.
  // Not while `next build` collects pages: a build writes nothing outside its output.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (!building && !fs.existsSync(/* turbopackIgnore: true */ file)) {
    fs.mkdirSync(/* turbopackIgnore: true */ path.dirname(file), { recursive: true, mode: 0o700 });
  }
  const adapter = resilientSqlite(new PrismaBetterSQLite3({ url }), () => restrictDatabaseFiles(file));
  return new PrismaClient({ adapter });
}

// One client per process; survives Next's module reloading in development.
const globalForDb = globalThis as unknown as { cairnDb?: PrismaClient; cairnDbReady?: Promise<void> };
export const db: PrismaClient = globalForDb.cairnDb ?? createClient();
globalForDb.cairnDb = db;

/**
 * WAL lets readers proceed while a write is in progress. Concurrent writers (the app and a
 * script) wait for each other in lib/db-driver.ts, asynchronously (SQLite's busy_timeout is 0
 * there: better-sqlite3 is synchronous, and SQLite's own waiting would stall every request).
 * A failed start is not remembered: the next request tries again.
 */
export function dbReady(): Promise<void> {
  globalForDb.cairnDbReady ??= (async () => {
    // PostgreSQL needs no per-connection settings: its pool connects on demand.
    if (provider === "postgresql") return;
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    restrictDatabaseFiles(databaseUrl().replace(/^file:/, ""));
  })().catch((e: unknown) => {
    globalForDb.cairnDbReady = undefined;
    throw e;
  });
  return globalForDb.cairnDbReady;
}

const afterCommit = new WeakMap<object, (() => void)[]>();

/** Runs `fn` once the transaction has committed (never if it rolls back). */
export function onCommit(tx: Tx, fn: () => void): void {
  const list = afterCommit.get(tx);
  if (list) list.push(fn);
  else if (tx === db) fn();
  else afterCommit.set(tx, [fn]);
}

/** How often a PostgreSQL transaction that lost a serialization race or a deadlock is run again. */
const SERIALIZATION_RETRIES = 3;
// pg_advisory_xact_lock key that every write transaction takes first (see inTransaction).
const WRITE_LOCK_KEY = 4_242_016_017;
// Longer than SQLite's wait: each statement of a queued transaction is a round trip to the server.
const PG_QUEUE_WAIT_MS = 10_000;
const pgGate = ((globalThis as unknown as { cairnPgGate?: Gate }).cairnPgGate ??= new Gate());

/**
 * Runs a unit of work in one transaction: all of it is written, or none.
 *
 * SQLite runs one writer at a time, so every transaction sees the database as if it were alone,
 * and the services are written for that (read, decide, write). PostgreSQL runs transactions side
 * by side, across connections and app instances; to keep the same promise each one first takes
 * one transaction-scoped advisory lock, so these transactions run one after another there too
 * (reads outside a transaction are not held up). Waiting for it is bounded by LOCK_WAIT_MS, as on
 * SQLite, and then answers "busy" (503). A transaction PostgreSQL still aborts (a serialization
 * failure or a deadlock against a write made outside one) is run again from the start, a few
 * times; `fn` must therefore do nothing but database work (onCommit callbacks run once).
 */
export async function inTransaction<T>(fn: (tx: Tx) => Promise<T>, timeoutMs = 15_000): Promise<T> {
  await dbReady();
  for (let attempt = 0; ; attempt++) {
    let txRef: Tx | undefined;
    // On PostgreSQL, this process's write transactions also queue here first (they would run one
    // at a time anyway): a queue of them never holds every pooled connection while it waits, so
    // the reads beside them (and inside them) always find one.
    const release = provider === "postgresql" ? await pgGate.acquire(PG_QUEUE_WAIT_MS) : null;
    try {
      const result = await db.$transaction(
        async (tx) => {
          txRef = tx;
          afterCommit.set(tx, []);
          if (provider === "postgresql") {
            // One round trip: this transaction's lock waits end after LOCK_WAIT_MS, then the lock.
            await tx.$executeRawUnsafe(
              `SELECT set_config('lock_timeout', '${Number(LOCK_WAIT_MS)}', true), pg_advisory_xact_lock(${WRITE_LOCK_KEY})`,
            );
          }
          return fn(tx);
        },
        { timeout: timeoutMs, maxWait: LOCK_WAIT_MS + 1_000 },
      );
      for (const cb of (txRef && afterCommit.get(txRef)) ?? []) cb();
      return result;
    } catch (e) {
      if (provider !== "postgresql" || attempt >= SERIALIZATION_RETRIES || !serializationFailure(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    } finally {
      release?.();
    }
  }
}

/** PostgreSQL gave up on the transaction to keep it serializable (40001) or to break a deadlock (40P01). */
function serializationFailure(e: unknown): boolean {
  return databaseFault(e) === "busy" && /40001|40P01|P2034|TransactionWriteConflict|could not serialize|deadlock/i.test(describe(e));
}

function describe(e: unknown, depth = 0): string {
  if (!e || typeof e !== "object" || depth > 4) return String(e);
  const o = e as { code?: unknown; message?: unknown; meta?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
  return [o.code, o.originalCode, o.kind, o.message, JSON.stringify(o.meta ?? null), describe(o.cause, depth + 1)].join(" ");
}

/**
 * Text filters that ignore ASCII letter case on both databases, as SQLite's LIKE does (Prisma's
 * contains/startsWith on SQLite): PostgreSQL's LIKE is case-sensitive, so it is asked for ILIKE
 * (`mode: "insensitive"`, which the SQLite client does not know). Text columns use the "C"
 * collation there, so only ASCII letters fold, as in SQLite.
 */
export function textContains(value: string): { contains: string } {
  return (provider === "postgresql" ? { contains: value, mode: "insensitive" } : { contains: value }) as { contains: string };
}
export function textStartsWith(value: string): { startsWith: string } {
  return (provider === "postgresql" ? { startsWith: value, mode: "insensitive" } : { startsWith: value }) as { startsWith: string };
}
