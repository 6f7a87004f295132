// Shared by the start, test, bench and packaged-launch scripts: one place that settles where
// the data lives and makes sure dependencies, the Prisma client and the schema are in place.
// Only Node's own modules are imported up front: this file runs before `npm install` has.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder, or the install folder of a packaged build (which may be read-only). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/**
 * Where every piece of state lives: the database, the session secret, backups.
 * `CAIRN_DATA_DIR`, default `./data`; a relative path resolves against the project folder.
 */
export function dataDir() {
  return path.resolve(root, process.env.CAIRN_DATA_DIR || "data");
}

/** Where backups go: `CAIRN_BACKUP_DIR`, default `<data dir>/backups`. */
export function backupDir() {
  const raw = process.env.CAIRN_BACKUP_DIR;
  return raw ? path.resolve(root, raw) : path.join(dataDir(), "backups");
}

/** @param {string} msg */
export function log(msg) {
  process.stdout.write(`[cairn] ${msg}\n`);
}

/** Whether a DATABASE_URL names a PostgreSQL server (postgresql:// or postgres://). */
export const isPostgresUrl = (/** @type {string | undefined} */ url) => /^postgres(ql)?:\/\//i.test(url ?? "");

/** The database for messages: the file, or the PostgreSQL server and database without the password. */
export function describeDatabase(/** @type {string} */ url) {
  if (!isPostgresUrl(url)) return url.replace(/^file:/, "");
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname || "localhost"}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/**
 * What the start log says about NEXTAUTH_URL. Unset, sign-in, sign-out and links follow the
 * address each browser used (localhost, a LAN address, a hostname); set, every browser is sent there.
 * @param {string | undefined} url
 */
export function authUrlNote(url = process.env.NEXTAUTH_URL) {
  return url
    ? `NEXTAUTH_URL is ${url}: sign-in and sign-out send every browser there, whatever address it used. ` +
        "If people reach Cairn at another address, set NEXTAUTH_URL to that one, or unset it to follow each browser's address."
    : "NEXTAUTH_URL is not set: sign-in, sign-out and links follow the address each browser used.";
}

/**
 * A postgresql:// URL as given; otherwise an absolute file: URL for the SQLite database
 * (default `<data dir>/cairn.db`), relative paths resolved against the project root. The
 * database holds password and token hashes: a folder created here is owner-only (0700).
 */
export function resolveDatabaseUrl(raw = process.env.DATABASE_URL) {
  if (isPostgresUrl(raw)) return /** @type {string} */ (raw);
  const file = (raw || `file:${path.join(dataDir(), "cairn.db")}`).replace(/^file:/, "");
  const abs = path.isAbsolute(file) ? file : path.resolve(root, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
  return `file:${abs}`;
}

/**
 * The database and its -wal, -shm and -journal files owner-only (0600), including older ones.
 * @param {string} databaseUrl
 */
export function restrictDatabaseFiles(databaseUrl) {
  if (isPostgresUrl(databaseUrl)) return;
  const file = databaseUrl.replace(/^file:/, "");
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
    } catch {
      // not there (yet): nothing to tighten
    }
  }
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [opts]
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${r.status}`);
  }
}

/** @param {string[]} files */
function hashFiles(files) {
  const h = createHash("sha256");
  for (const f of files) if (fs.existsSync(f)) h.update(f).update(fs.readFileSync(f));
  return h.digest("hex");
}

/** npm install when node_modules is missing or older than the lockfile; better-sqlite3 compiled. */
export function ensureDependencies() {
  // A packaged build (npm run build → .next/standalone) carries exactly what it needs.
  if (fs.existsSync(path.join(root, "server.js"))) return;
  const lock = path.join(root, "package-lock.json");
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const stale = !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (stale) {
    log("installing dependencies (the first time, better-sqlite3 compiles from source: about 2 minutes)…");
    run("npm", ["install", "--no-audit", "--no-fund"]);
  }
  const addon = path.join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  if (!fs.existsSync(addon)) {
    log("building better-sqlite3…");
    run("npm", ["rebuild", "better-sqlite3"]);
  }
}

const prismaCli = () => [path.join(root, "node_modules", "prisma", "build", "index.js")];

/** The CLI's --config for the PostgreSQL schema (prisma/postgres, generated from the SQLite one). */
export const POSTGRES_CONFIG = path.join("prisma", "postgres", "prisma.config.ts");

/**
 * Generates both Prisma clients (SQLite: lib/generated/prisma, PostgreSQL: lib/generated/prisma-pg)
 * when a schema changed since the last generation. `prisma generate` never opens the database;
 * each schema only needs a URL of its own kind to resolve.
 * @param {string} databaseUrl
 */
export function ensurePrismaClient(databaseUrl) {
  const schemas = [path.join(root, "prisma", "schema.prisma"), path.join(root, "prisma", "postgres", "schema.prisma")];
  const stamp = path.join(root, "lib", "generated", "prisma", ".schema-hash");
  const hash = hashFiles(schemas);
  const generated = fs.existsSync(path.join(root, "lib", "generated", "prisma-pg", "client.ts"));
  if (generated && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return;
  log("generating the Prisma clients…");
  const sqliteUrl = isPostgresUrl(databaseUrl) ? `file:${path.join(os.tmpdir(), "cairn-generate.db")}` : databaseUrl;
  const pgUrl = isPostgresUrl(databaseUrl) ? databaseUrl : "postgresql://cairn@localhost:5432/cairn";
  run(process.execPath, [...prismaCli(), "generate"], { env: { ...process.env, DATABASE_URL: sqliteUrl } });
  run(process.execPath, [...prismaCli(), "generate", "--config", POSTGRES_CONFIG], { env: { ...process.env, DATABASE_URL: pgUrl } });
  fs.writeFileSync(stamp, hash);
}

/** @param {string} databaseUrl */
const databaseFile = (databaseUrl) => databaseUrl.replace(/^file:/, "");

/**
 * The file a serving Cairn keeps beside its database while it runs (see lib/server-lock.ts):
 * `{"pid": …, "port": …, "startedAt": …}`.
 * @param {string} databaseUrl
 */
export const serverLockFile = (databaseUrl) => `${databaseFile(databaseUrl)}.pid`;

/** @param {number} pid */
function processAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists, under another user (a service account).
    return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
  }
  // A pid reused by something else after a crash is not a Cairn.
  try {
    return /node|next/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return true;
  }
}

/**
 * @param {string} databaseUrl
 * @returns {{ pid: number, port?: number } | null} the running Cairn named in the lock file
 */
function lockHolder(databaseUrl) {
  let text;
  try {
    text = fs.readFileSync(serverLockFile(databaseUrl), "utf8");
  } catch {
    return null;
  }
  try {
    const { pid, port } = JSON.parse(text);
    if (!Number.isInteger(pid) || pid === process.pid || !processAlive(pid)) return null;
    return { pid, port: port ? Number(port) : undefined };
  } catch {
    return null;
  }
}

/**
 * Is a running Cairn holding this database? True when a live server wrote its lock file beside
 * it, or when another process holds SQLite's write lock right now (a `BEGIN IMMEDIATE` probe
 * that does not wait). Takes no lock that outlasts the call.
 * @param {string} databaseUrl
 * @returns {Promise<{ inUse: boolean, pid?: number, port?: number }>}
 */
export async function databaseInUse(databaseUrl) {
  // Several instances may serve one PostgreSQL database; its migrations take a lock of their own.
  if (isPostgresUrl(databaseUrl)) return { inUse: false };
  const holder = lockHolder(databaseUrl);
  if (holder) return { inUse: true, ...holder };
  const file = databaseFile(databaseUrl);
  if (!fs.existsSync(file)) return { inUse: false };
  const Database = require("better-sqlite3");
  /** @type {import("better-sqlite3").Database | undefined} */
  let db;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
    return { inUse: false };
  } catch (e) {
    const code = /** @type {{ code?: string }} */ (e).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return { inUse: true };
    throw e;
  } finally {
    db?.close();
    restrictDatabaseFiles(databaseUrl);
  }
}

/**
 * Refuses to start a second Cairn on a database a running one holds, or on a taken port, with
 * words instead of a stack trace; exits 1.
 * @param {string} databaseUrl @param {string | number} port @param {string} [host]
 */
export async function refuseIfRunning(databaseUrl, port, host) {
  const use = await databaseInUse(databaseUrl);
  if (use.inUse) {
    log(`${new DatabaseInUseError(databaseUrl, use).message.replace(/; stop it and run again$/, "")}.`);
    log(
      use.port
        ? `Cairn is already serving it at http://localhost:${use.port}; stop that one first, or set CAIRN_DATA_DIR/DATABASE_URL to another database.`
        : "Stop it first, or set CAIRN_DATA_DIR/DATABASE_URL to another database.",
    );
    process.exit(1);
  }
  const net = await import("node:net");
  const free = await new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(Number(port), host, () => srv.close(() => resolve(true)));
  });
  if (!free) {
    log(`port ${port} is already in use (another Cairn or another server); stop it or set PORT to a free port.`);
    process.exit(1);
  }
}

/** The words every command uses when a running Cairn holds the database. */
export class DatabaseInUseError extends Error {
  /** @param {string} databaseUrl @param {{ pid?: number, port?: number }} holder */
  constructor(databaseUrl, holder) {
    const who = holder.pid
      ? `a running Cairn (pid ${holder.pid}${holder.port ? `, port ${holder.port}` : ""})`
      : "a running Cairn (another process holds its write lock)";
    super(`the database ${describeDatabase(databaseUrl)} is in use by ${who}; stop it and run again`);
    this.name = "DatabaseInUseError";
    this.holder = holder;
  }
}

/**
 * The migrations this build carries for this kind of database, oldest first (Prisma's folder
 * layout and checksums): prisma/migrations for SQLite, prisma/postgres/migrations for PostgreSQL.
 * @param {string} [databaseUrl]
 */
export function bundledMigrations(databaseUrl = process.env.DATABASE_URL) {
  const dir = isPostgresUrl(databaseUrl) ? path.join(root, "prisma", "postgres", "migrations") : path.join(root, "prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * The migrations not yet applied to the database, read without taking any lock (a running app
 * does not block it). A migration that failed half-way stops everything, as with Prisma (P3009).
 * @param {string} databaseUrl
 */
export function pendingMigrations(databaseUrl) {
  if (isPostgresUrl(databaseUrl)) throw new Error("pendingMigrations reads SQLite files; PostgreSQL: pendingPostgresMigrations");
  const all = bundledMigrations(databaseUrl);
  const file = databaseFile(databaseUrl);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return all;
  const Database = require("better-sqlite3");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return all;
    const rows = /** @type {{ migration_name: string, finished_at: string | null, rolled_back_at: string | null }[]} */ (
      db.prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations").all()
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(`migration ${failed.migration_name} failed earlier and was not resolved; see https://pris.ly/d/migrate-resolve`);
    }
    const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
    return all.filter((m) => !applied.has(m.name));
  } finally {
    db.close();
  }
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const prismaTime = () => new Date().toISOString().replace("Z", "+00:00");

/**
 * Creates the database file if needed (owner-only) and applies pending migrations.
 *
 * Nothing pending: returns at once without a lock, also while the app is serving. Something
 * pending while a Cairn holds the database: waits up to `waitMs` for it to stop, then throws
 * DatabaseInUseError. Each migration runs in its own transaction, recorded in
 * `_prisma_migrations` exactly as `prisma migrate deploy` records it (so both agree), in this
 * process: no schema engine, nothing written outside the database, so it works from a read-only
 * install.
 * @param {string} databaseUrl
 * @param {{ waitMs?: number, onWait?: (holder: { pid?: number, port?: number }) => void }} [options]
 * @returns {Promise<string[]>} the names of the migrations applied
 */
export async function migrate(databaseUrl, { waitMs = 10_000, onWait } = {}) {
  if (isPostgresUrl(databaseUrl)) return migratePostgres(databaseUrl, { waitMs });
  const file = databaseFile(databaseUrl);
  // SQLite takes an empty file as a new database, and gives its -wal and -shm files its mode.
  if (!fs.existsSync(file)) fs.writeFileSync(file, "", { mode: 0o600, flag: "wx" });
  restrictDatabaseFiles(databaseUrl);
  if (pendingMigrations(databaseUrl).length === 0) return [];

  const deadline = Date.now() + waitMs;
  for (let told = false; ; told = true) {
    const use = await databaseInUse(databaseUrl);
    if (!use.inUse) break;
    if (Date.now() >= deadline) throw new DatabaseInUseError(databaseUrl, use);
    if (!told) onWait?.(use);
    await sleep(250);
  }

  const Database = require("better-sqlite3");
  const db = new Database(file, { timeout: 0 });
  /** @type {string[]} */
  const applied = [];
  try {
    // Outside a transaction, so a migration that redefines a table may drop and rename it.
    db.pragma("foreign_keys = OFF");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`);
    for (const m of pendingMigrations(databaseUrl)) {
      for (;;) {
        try {
          db.exec("BEGIN IMMEDIATE");
          break;
        } catch (e) {
          const code = /** @type {{ code?: string }} */ (e).code ?? "";
          if (!code.startsWith("SQLITE_BUSY")) throw e;
          if (Date.now() >= deadline) throw new DatabaseInUseError(databaseUrl, lockHolder(databaseUrl) ?? {});
          await sleep(100);
        }
      }
      try {
        const done = db
          .prepare("SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL")
          .get(m.name);
        if (!done) {
          const startedAt = prismaTime();
          db.exec(m.sql);
          const broken = /** @type {unknown[]} */ (db.pragma("foreign_key_check"));
          if (broken.length > 0) throw new Error(`migration ${m.name} leaves ${broken.length} broken foreign keys`);
          db.prepare(
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)",
          ).run(randomUUID(), m.checksum, prismaTime(), m.name, startedAt);
          applied.push(m.name);
        }
        db.exec("COMMIT");
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw new Error(`migration ${m.name} failed, nothing of it was applied: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    db.close();
    restrictDatabaseFiles(databaseUrl);
  }
  return applied;
}

/** Prisma's own `_prisma_migrations` table on PostgreSQL, as `prisma migrate deploy` creates it. */
const PG_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
// pg_advisory_lock key: one migrating process per database, however many instances start at once.
const PG_MIGRATE_LOCK = 4_242_016_016;

/**
 * Opens a `pg` client, with the words a person needs when the server cannot be reached.
 * @param {string} databaseUrl
 */
export async function connectPostgres(databaseUrl) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new Error(`cannot connect to ${describeDatabase(databaseUrl)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return client;
}

/**
 * The PostgreSQL migrations not yet applied. A migration that failed half-way stops everything,
 * as with Prisma (P3009).
 * @param {import("pg").Client} client @param {string} databaseUrl
 */
async function pendingPostgresMigrationsWith(client, databaseUrl) {
  const all = bundledMigrations(databaseUrl);
  const { rows: exists } = await client.query("SELECT to_regclass('\"_prisma_migrations\"') IS NOT NULL AS present");
  if (!exists[0]?.present) return all;
  /** @type {{ rows: { migration_name: string, finished_at: Date | null, rolled_back_at: Date | null }[] }} */
  const { rows } = await client.query('SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"');
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new Error(`migration ${failed.migration_name} failed earlier and was not resolved; see https://pris.ly/d/migrate-resolve`);
  }
  const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  return all.filter((m) => !applied.has(m.name));
}

/** @param {string} databaseUrl */
export async function pendingPostgresMigrations(databaseUrl) {
  const client = await connectPostgres(databaseUrl);
  try {
    return await pendingPostgresMigrationsWith(client, databaseUrl);
  } finally {
    await client.end();
  }
}

/**
 * Applies pending PostgreSQL migrations, each in its own transaction, recorded in
 * `_prisma_migrations` as `prisma migrate deploy` records them. Instances that start together
 * take turns on an advisory lock (waiting up to `waitMs`); the second finds nothing pending.
 * @param {string} databaseUrl @param {{ waitMs?: number }} [options]
 * @returns {Promise<string[]>}
 */
async function migratePostgres(databaseUrl, { waitMs = 10_000 } = {}) {
  const client = await connectPostgres(databaseUrl);
  /** @type {string[]} */
  const applied = [];
  try {
    if ((await pendingPostgresMigrationsWith(client, databaseUrl)).length === 0) return [];
    const deadline = Date.now() + Math.max(waitMs, 30_000);
    for (;;) {
      const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [PG_MIGRATE_LOCK]);
      if (rows[0]?.ok) break;
      if (Date.now() >= deadline) throw new Error(`another process has been migrating ${describeDatabase(databaseUrl)} for too long`);
      await sleep(200);
    }
    try {
      await client.query(PG_MIGRATIONS_TABLE);
      for (const m of await pendingPostgresMigrationsWith(client, databaseUrl)) {
        const startedAt = new Date();
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
            [randomUUID(), m.checksum, m.name, startedAt],
          );
          await client.query("COMMIT");
          applied.push(m.name);
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          throw new Error(`migration ${m.name} failed, nothing of it was applied: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    await client.end();
  }
  return applied;
}

/**
 * A stable NEXTAUTH_SECRET, generated on first start into the data folder (`.nextauth-secret`).
 * A secret that older versions kept beside a database elsewhere is still used, so sessions
 * survive the upgrade.
 * @param {string} databaseUrl
 */
export function ensureSecret(databaseUrl) {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const dir = dataDir();
  const file = path.join(dir, ".nextauth-secret");
  const older = isPostgresUrl(databaseUrl) ? null : path.join(path.dirname(databaseFile(databaseUrl)), ".nextauth-secret");
  if (!fs.existsSync(file) && older && fs.existsSync(older)) return fs.readFileSync(older, "utf8").trim();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "prisma/postgres/schema.prisma",
  "package-lock.json",
  "next.config.ts",
  "proxy.ts",
  "instrumentation-client.ts",
  "instrumentation.ts",
  "postcss.config.mjs",
  "tsconfig.json",
];

/**
 * @param {string} p
 * @param {string[]} [out]
 * @returns {string[]}
 */
function listFiles(p, out = []) {
  const abs = path.join(root, p);
  if (!fs.existsSync(abs)) return out;
  if (fs.statSync(abs).isFile()) {
    out.push(abs);
    return out;
  }
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    if (e.name === "generated" || e.name.endsWith(".test.ts")) continue;
    listFiles(path.join(p, e.name), out);
  }
  return out;
}

/**
 * `next build` unless the last build came from exactly these sources.
 * @param {NodeJS.ProcessEnv} env
 */
export function ensureBuild(env) {
  const stamp = path.join(root, ".next", "cairn-build-hash");
  const hash = hashFiles(BUILD_INPUTS.flatMap((p) => listFiles(p)).sort());
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) {
    return;
  }
  log("building the app (next build)…");
  run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { env });
  fs.writeFileSync(stamp, hash);
}

/** @param {{ databaseUrl: string, build?: boolean, extraEnv?: Record<string, string> }} options */
export async function prepare({ databaseUrl, build = true, extraEnv = {} }) {
  ensureDependencies();
  ensurePrismaClient(databaseUrl);
  const applied = await migrate(databaseUrl, {
    onWait: () => log("a running Cairn holds the database; waiting up to 10 s for it to stop…"),
  });
  if (applied.length > 0) log(`applied ${applied.length} migration(s): ${applied.join(", ")}`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CAIRN_DATA_DIR: dataDir(),
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: ensureSecret(databaseUrl),
    ...extraEnv,
  };
  if (build) ensureBuild(env);
  return env;
}

export { execFileSync };
