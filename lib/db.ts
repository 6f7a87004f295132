import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { dataDir } from "./data-dir";
import { LOCK_WAIT_MS, resilientSqlite } from "./db-driver";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A transaction client: every service accepts either the root client or one of these. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** `DATABASE_URL`, default `<data dir>/cairn.db` (the launchers always pass an absolute one). */
export function databaseUrl(): string {
  const raw = process.env.DATABASE_URL || `file:${path.join(/* turbopackIgnore: true */ dataDir(), "cairn.db")}`;
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

function createClient(): PrismaClient {
  const url = databaseUrl();
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

/** Runs a unit of work in one SQLite transaction: all of it is written, or none. */
export async function inTransaction<T>(fn: (tx: Tx) => Promise<T>, timeoutMs = 15_000): Promise<T> {
  await dbReady();
  let txRef: Tx | undefined;
  const result = await db.$transaction(
    (tx) => {
      txRef = tx;
      afterCommit.set(tx, []);
      return fn(tx);
    },
    { timeout: timeoutMs, maxWait: LOCK_WAIT_MS + 1_000 },
  );
  for (const cb of (txRef && afterCommit.get(txRef)) ?? []) cb();
  return result;
}
