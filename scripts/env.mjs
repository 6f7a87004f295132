// Shared by the start, test and bench scripts: one place that settles where the database
// lives and makes sure dependencies, the Prisma client and the schema are in place.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @param {string} msg */
export function log(msg) {
  process.stdout.write(`[cairn] ${msg}\n`);
}

/**
 * Absolute file: URL for the database; relative paths resolve against the project root. The
 * database holds password and token hashes: a folder created here is owner-only (0700).
 */
export function resolveDatabaseUrl(raw = process.env.DATABASE_URL) {
  const file = (raw ?? "file:./data/cairn.db").replace(/^file:/, "");
  const abs = path.isAbsolute(file) ? file : path.resolve(root, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
  return `file:${abs}`;
}

/**
 * The database and its -wal, -shm and -journal files owner-only (0600), including older ones.
 * @param {string} databaseUrl
 */
export function restrictDatabaseFiles(databaseUrl) {
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

/**
 * Generates the Prisma client when the schema changed since the last generation.
 * @param {string} databaseUrl
 */
export function ensurePrismaClient(databaseUrl) {
  const schema = path.join(root, "prisma", "schema.prisma");
  const stamp = path.join(root, "lib", "generated", "prisma", ".schema-hash");
  const hash = hashFiles([schema]);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return;
  log("generating the Prisma client…");
  run(process.execPath, [...prismaCli(), "generate"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  fs.writeFileSync(stamp, hash);
}

/**
 * Creates the database file if needed (owner-only) and applies pending migrations.
 * @param {string} databaseUrl
 */
export function migrate(databaseUrl) {
  const file = databaseUrl.replace(/^file:/, "");
  // SQLite takes an empty file as a new database, and gives its -wal and -shm files its mode.
  if (!fs.existsSync(file)) fs.writeFileSync(file, "", { mode: 0o600, flag: "wx" });
  restrictDatabaseFiles(databaseUrl);
  run(process.execPath, [...prismaCli(), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  restrictDatabaseFiles(databaseUrl);
}

/**
 * A stable NEXTAUTH_SECRET per data folder, generated on first start.
 * @param {string} databaseUrl
 */
export function ensureSecret(databaseUrl) {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const dir = path.dirname(databaseUrl.replace(/^file:/, ""));
  const file = path.join(dir, ".nextauth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "package-lock.json",
  "next.config.ts",
  "proxy.ts",
  "instrumentation-client.ts",
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
export function prepare({ databaseUrl, build = true, extraEnv = {} }) {
  ensureDependencies();
  ensurePrismaClient(databaseUrl);
  migrate(databaseUrl);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: ensureSecret(databaseUrl),
    ...extraEnv,
  };
  if (build) ensureBuild(env);
  return env;
}

export { execFileSync };

/** Where Cairn keeps its state: `CAIRN_DATA_DIR` (absolute, or relative to the project root), else `<project root>/data`. */
export function dataDir() {
  const raw = process.env.CAIRN_DATA_DIR?.trim();
  return raw ? path.resolve(root, raw) : path.join(root, "data");
}

/** Where backups go: `CAIRN_BACKUP_DIR`, else `<data dir>/backups`. */
export function backupDir() {
  const raw = process.env.CAIRN_BACKUP_DIR?.trim();
  return raw ? path.resolve(root, raw) : path.join(dataDir(), "backups");
}

/**
 * Does another process (a running Cairn) hold the database? A running Cairn keeps it open in WAL
 * mode, which refuses the exclusive lock tried here for a short moment.
 * @param {string} databaseUrl
 * @returns {Promise<{ inUse: boolean, pid?: number }>}
 */
export async function databaseInUse(databaseUrl) {
  const file = databaseUrl.replace(/^file:/, "");
  if (!fs.existsSync(file)) return { inUse: false };
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return { inUse: false };
  } catch (e) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(/** @type {{ code?: string }} */ (e).code ?? "")) return { inUse: true };
    throw e;
  } finally {
    db.close();
  }
}
