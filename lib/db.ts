import "server-only";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A transaction client: every service accepts either the root client or one of these. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function databaseUrl(): string {
  const raw = process.env.DATABASE_URL ?? "file:./data/cairn.db";
  const file = raw.replace(/^file:/, "");
  return `file:${path.resolve(file)}`;
}

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl() });
  return new PrismaClient({ adapter });
}

// One client per process; survives Next's module reloading in development.
const globalForDb = globalThis as unknown as { cairnDb?: PrismaClient; cairnDbReady?: Promise<void> };
export const db: PrismaClient = globalForDb.cairnDb ?? createClient();
globalForDb.cairnDb = db;

/**
 * WAL lets readers proceed while a write is in progress; busy_timeout makes concurrent
 * writers (the app and a script) wait instead of failing with SQLITE_BUSY.
 */
export function dbReady(): Promise<void> {
  globalForDb.cairnDbReady ??= (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
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
    { timeout: timeoutMs, maxWait: 10_000 },
  );
  for (const cb of (txRef && afterCommit.get(txRef)) ?? []) cb();
  return result;
}
