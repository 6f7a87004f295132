// The SQLite connection's transaction handling, made to survive failures.
//
// Prisma's better-sqlite3 adapter serialises transactions with a mutex that is released only by a
// successful COMMIT or ROLLBACK statement. When the disk refuses a write, COMMIT fails and SQLite
// rolls the transaction back by itself; Prisma's ROLLBACK then fails too ("no transaction is
// active"), the mutex is never released, and every later transaction waits on it forever.
// And because better-sqlite3 is synchronous, SQLite's busy_timeout sleeps on the event loop:
// while one write waited for another process's lock, every read in the process waited with it.
//
// This wrapper keeps the adapter's queries and type mapping, and owns the transaction lifecycle:
// - transactions queue on a gate of ours with a deadline, and always release it (commit, failed
//   commit, rollback, rollback of an already rolled-back transaction);
// - BEGIN IMMEDIATE takes the write lock up front; when another process holds it, the wait is
//   retried asynchronously (busy_timeout is 0), so reads carry on meanwhile, and it gives up after
//   LOCK_WAIT_MS with SQLITE_BUSY (a 503 "busy", lib/db-errors.ts);
// - once SQLite has rolled a transaction back after an error, its later statements fail instead
//   of running outside any transaction;
// - write failures and successes are recorded for /api/health.
import "server-only";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";
import type { Database } from "better-sqlite3";
import { databaseFault } from "./db-errors";

/** How long a write waits for the database (a lock held elsewhere, a queue of transactions here). */
export const LOCK_WAIT_MS = 4_000;

const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (attempt: number) => Math.min(10 * 2 ** attempt, 100);

class BusyError extends Error {
  readonly code = "SQLITE_BUSY";
  constructor(message: string) {
    super(message);
    this.name = "SqliteError";
  }
}

export interface WriteState {
  lastOkAt: number | null;
  lastFailure: { at: number; message: string } | null;
}
// Process-wide, like the client in lib/db.ts: the instrumentation hook and the routes are bundled
// apart, and each bundle has its own copy of this module, but there is one connection.
const shared = globalThis as unknown as {
  cairnWriteState?: WriteState;
  cairnConnection?: { adapter: { probeWrite(): Promise<"ok" | "busy"> } | null };
};
const state: WriteState = (shared.cairnWriteState ??= { lastOkAt: null, lastFailure: null });

/** When writes last succeeded and last failed (for health). */
export function writeState(): Readonly<WriteState> {
  return state;
}
function noteOk() {
  state.lastOkAt = Date.now();
}
function noteFailure(e: unknown) {
  if (databaseFault(e) === "write") state.lastFailure = { at: Date.now(), message: e instanceof Error ? e.message : String(e) };
}

/** A FIFO lock with a deadline: one transaction at a time on the one connection. */
export class Gate {
  #held = false;
  #queue: { grant: () => void; timer: ReturnType<typeof setTimeout> }[] = [];

  acquire(timeoutMs: number): Promise<() => void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve(this.#releaser());
        },
        timer: setTimeout(() => {
          this.#queue = this.#queue.filter((q) => q !== entry);
          reject(new BusyError("database is busy: timed out waiting for other writes to finish"));
        }, timeoutMs),
      };
      this.#queue.push(entry);
    });
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#queue.shift();
      if (next) next.grant();
      else this.#held = false;
    };
  }
}

class ResilientTransaction implements Transaction {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };
  #failure: unknown = null;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly client: Database,
    private readonly release: () => void,
  ) {
    this.adapterName = inner.adapterName;
  }

  #guard() {
    if (this.client.inTransaction) return;
    // SQLite ended the transaction itself (an I/O error rolls it back, also one met by another
    // statement on this connection): nothing more may run in it.
    throw (
      this.#failure ??
      Object.assign(new Error(`The database rolled this transaction back: ${state.lastFailure?.message ?? "disk I/O error"}`), {
        code: "SQLITE_IOERR",
      })
    );
  }

  async #run<T>(fn: () => Promise<T>): Promise<T> {
    this.#guard();
    try {
      return await fn();
    } catch (e) {
      if (!this.client.inTransaction) this.#failure = e;
      noteFailure(e);
      throw e;
    }
  }

  queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    return this.#run(() => this.inner.queryRaw(q));
  }

  executeRaw(q: SqlQuery): Promise<number> {
    const sql = q.sql.trim().toUpperCase();
    if (sql === "COMMIT") return this.#commit();
    if (sql === "ROLLBACK") return this.#rollback();
    return this.#run(() => this.inner.executeRaw(q));
  }

  async #commit(): Promise<number> {
    try {
      this.#guard();
      this.client.prepare("COMMIT").run();
      noteOk();
      return 0;
    } catch (e) {
      noteFailure(e);
      this.#endQuietly();
      throw e;
    } finally {
      this.release();
    }
  }

  async #rollback(): Promise<number> {
    try {
      this.#endQuietly();
      return 0;
    } finally {
      this.release();
    }
  }

  #endQuietly() {
    if (!this.client.inTransaction) return;
    try {
      this.client.prepare("ROLLBACK").run();
    } catch {
      // Closing the connection's transaction is best effort; the next BEGIN checks again.
    }
  }

  // Prisma calls these after the COMMIT / ROLLBACK statement; the gate is released by then.
  commit(): Promise<void> {
    this.release();
    return Promise.resolve();
  }
  rollback(): Promise<void> {
    this.#endQuietly();
    this.release();
    return Promise.resolve();
  }
}

class ResilientAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly #gate = new Gate();

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly client: Database,
  ) {
    this.adapterName = inner.adapterName;
  }

  /** A statement outside a transaction: a busy database is retried without blocking the process. */
  async #autocommit<T>(q: SqlQuery, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await fn();
        if (WRITE_SQL.test(q.sql) && !this.client.inTransaction) noteOk();
        return result;
      } catch (e) {
        if (databaseFault(e) === "busy" && !this.client.inTransaction && Date.now() + backoff(attempt) < deadline) {
          await sleep(backoff(attempt));
          continue;
        }
        noteFailure(e);
        throw e;
      }
    }
  }

  queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    return this.#autocommit(q, () => this.inner.queryRaw(q));
  }
  executeRaw(q: SqlQuery): Promise<number> {
    return this.#autocommit(q, () => this.inner.executeRaw(q));
  }
  executeScript(script: string): Promise<void> {
    return this.inner.executeScript(script);
  }
  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") return this.inner.startTransaction(isolationLevel); // the adapter's own error
    const deadline = Date.now() + LOCK_WAIT_MS;
    const release = await this.#gate.acquire(LOCK_WAIT_MS);
    try {
      // A transaction some failure left open on this connection is never built upon.
      if (this.client.inTransaction) this.client.prepare("ROLLBACK").run();
      await this.#begin(deadline);
    } catch (e) {
      release();
      noteFailure(e);
      throw e;
    }
    return new ResilientTransaction(this.inner, this.client, release);
  }

  async #begin(deadline: number) {
    for (let attempt = 0; ; attempt++) {
      try {
        this.client.prepare("BEGIN IMMEDIATE").run();
        return;
      } catch (e) {
        if (databaseFault(e) !== "busy") throw e;
        if (Date.now() + backoff(attempt) >= deadline) throw new BusyError("database is locked by another process");
        await sleep(backoff(attempt));
      }
    }
  }

  /**
   * A real write that changes nothing (the header's user_version, rewritten as it is), without
   * waiting: "busy" when another writer holds the lock, else throws what the disk said.
   */
  async probeWrite(): Promise<"ok" | "busy"> {
    let release: () => void;
    try {
      release = await this.#gate.acquire(1_000);
    } catch {
      return "busy";
    }
    try {
      if (this.client.inTransaction) this.client.prepare("ROLLBACK").run();
      try {
        this.client.prepare("BEGIN IMMEDIATE").run();
      } catch (e) {
        if (databaseFault(e) === "busy") return "busy";
        throw e;
      }
      try {
        const version = Number(this.client.pragma("user_version", { simple: true }));
        this.client.exec(`PRAGMA user_version = ${Number.isSafeInteger(version) ? version : 0}`);
        this.client.prepare("COMMIT").run();
        noteOk();
        return "ok";
      } finally {
        if (this.client.inTransaction) this.client.prepare("ROLLBACK").run();
      }
    } catch (e) {
      noteFailure(e);
      throw e;
    } finally {
      release();
    }
  }
}

const current = (shared.cairnConnection ??= { adapter: null });

/** The open connection's write probe (null before the first query has connected). */
export function connectionProbe(): (() => Promise<"ok" | "busy">) | null {
  const adapter = current.adapter;
  return adapter ? () => adapter.probeWrite() : null;
}

/** Wraps Prisma's better-sqlite3 adapter factory (6.19): same queries, resilient transactions. */
export function resilientSqlite(
  factory: SqlMigrationAwareDriverAdapterFactory,
  onConnect?: (client: Database) => void,
): SqlMigrationAwareDriverAdapterFactory {
  const wrap = async (connect: () => Promise<SqlDriverAdapter>) => {
    const inner = await connect();
    const client = (inner as unknown as { client?: Database }).client;
    if (!client || typeof client.prepare !== "function") throw new Error("Unexpected SQLite driver adapter: no better-sqlite3 connection");
    // Waiting for locks happens asynchronously above; SQLite itself never sleeps on the event loop.
    client.pragma("busy_timeout = 0");
    onConnect?.(client);
    const adapter = new ResilientAdapter(inner, client);
    current.adapter = adapter;
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => wrap(() => factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

// PostgreSQL: the server does the locking and the waiting (its own lock queue, several
// connections from a pool), so nothing of the above is needed. This wrapper only records write
// successes and failures for /api/health, as the SQLite one does, and gives health a probe.

class ObservedTransaction implements Transaction {
  readonly provider: Transaction["provider"];
  readonly adapterName: string;
  readonly options: Transaction["options"];
  constructor(private readonly inner: Transaction) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }
  async queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    try {
      return await this.inner.queryRaw(q);
    } catch (e) {
      noteFailure(e);
      throw e;
    }
  }
  async executeRaw(q: SqlQuery): Promise<number> {
    try {
      const n = await this.inner.executeRaw(q);
      if (q.sql.trim().toUpperCase() === "COMMIT") noteOk();
      return n;
    } catch (e) {
      noteFailure(e);
      throw e;
    }
  }
  commit(): Promise<void> {
    return this.inner.commit();
  }
  rollback(): Promise<void> {
    return this.inner.rollback();
  }
}

class ObservedAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }
  async #observe<T>(q: SqlQuery, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      if (WRITE_SQL.test(q.sql)) noteOk();
      return result;
    } catch (e) {
      noteFailure(e);
      throw e;
    }
  }
  queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    return this.#observe(q, () => this.inner.queryRaw(q));
  }
  executeRaw(q: SqlQuery): Promise<number> {
    return this.#observe(q, () => this.inner.executeRaw(q));
  }
  executeScript(script: string): Promise<void> {
    return this.inner.executeScript(script);
  }
  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    try {
      return new ObservedTransaction(await this.inner.startTransaction(isolationLevel));
    } catch (e) {
      noteFailure(e);
      throw e;
    }
  }
  /** A server that accepts no writes (a standby, or default_transaction_read_only) is a failing write. */
  async probeWrite(): Promise<"ok" | "busy"> {
    const r = await this.queryRaw({ sql: "SELECT current_setting('transaction_read_only') AS ro", args: [], argTypes: [] });
    if (r.rows[0]?.[0] === "on") {
      const e = Object.assign(
        new Error("the PostgreSQL server accepts no writes (read-only: a standby, or default_transaction_read_only)"),
        {
          code: "25006",
        },
      );
      noteFailure(e);
      throw e;
    }
    return "ok";
  }
}

/** Wraps Prisma's PostgreSQL adapter factory (6.19): the same queries, observed for health. */
export function observedPostgres(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = new ObservedAdapter(await factory.connect());
      current.adapter = adapter;
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
