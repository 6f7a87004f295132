// @ts-check
// Backups of the SQLite database, shared by `npm run backup` / `npm run restore` and the app's
// schedule (lib/ops/backup.ts): plain JavaScript, so the scripts run it without a build.
//
// A backup goes through SQLite's online backup API (better-sqlite3's `.backup()`): a consistent
// snapshot even while the app writes. It is written under a temporary name, checked with
// `PRAGMA integrity_check`, made owner-only (it holds password and token hashes), and only then
// given its final name `cairn-YYYYMMDD-HHMMSS.db` (UTC), so a listed backup is always a checked one.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** `cairn-YYYYMMDD-HHMMSS.db`: the only names Cairn writes, lists, serves or rotates. */
export const BACKUP_NAME = /^cairn-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/;

/** How long a check waits for another connection's lock before calling the database in use. */
const LOCK_PROBE_MS = 200;

/** @param {Date} d */
export function stamp(d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** @param {Date} d */
export const backupName = (d) => `cairn-${stamp(d)}.db`;

/**
 * When a backup was taken, from its name (null for any other name).
 * @param {string} name
 * @returns {Date | null}
 */
export function backupTime(name) {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const t = new Date(Date.UTC(/** @type {number} */ (y), /** @type {number} */ (mo) - 1, d, h, mi, s));
  return Number.isNaN(t.getTime()) ? null : t;
}

/**
 * @typedef {{ name: string, file: string, sizeBytes: number, takenAt: Date }} BackupFile
 */

/**
 * The backups in `dir`, newest first (an absent folder has none).
 * @param {string} dir
 * @returns {BackupFile[]}
 */
export function listBackupFiles(dir) {
  /** @type {string[]} */
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === "ENOENT") return [];
    throw e;
  }
  /** @type {BackupFile[]} */
  const out = [];
  for (const name of names) {
    const takenAt = backupTime(name);
    if (!takenAt) continue;
    const file = path.join(dir, name);
    try {
      const st = fs.statSync(file);
      if (st.isFile()) out.push({ name, file, sizeBytes: st.size, takenAt });
    } catch {
      // removed meanwhile (rotation in another process)
    }
  }
  return out.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1));
}

/**
 * Is `file` a sound Cairn database? `integrity_check` says "ok", and it has Cairn's migration table.
 * @param {string} file
 * @returns {{ ok: true } | { ok: false, problem: string }}
 */
export function checkDatabase(file) {
  if (!fs.existsSync(file)) return { ok: false, problem: `${file} does not exist` };
  /** @type {import("better-sqlite3").Database | undefined} */
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = /** @type {{ integrity_check: string }[]} */ (db.prepare("PRAGMA integrity_check").all());
    const verdict = rows.map((r) => r.integrity_check).join("; ");
    if (verdict !== "ok") return { ok: false, problem: `${file} failed SQLite's integrity check: ${verdict.slice(0, 500)}` };
    const migrations = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!migrations)
      return { ok: false, problem: `${file} is an SQLite database, but not a Cairn database (it has no _prisma_migrations table)` };
    return { ok: true };
  } catch (e) {
    return { ok: false, problem: `${file} cannot be read as an SQLite database: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    db?.close();
  }
}

/**
 * Does another connection hold the database? An exclusive lock is refused while any other process
 * has it open in WAL mode (as a running Cairn does, even idle) or is writing to it.
 * @param {string} file
 * @returns {boolean}
 */
export function databaseLocked(file) {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: LOCK_PROBE_MS });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return false;
  } catch (e) {
    if (
      /** @type {{ code?: string }} */ (e).code?.startsWith("SQLITE_BUSY") ||
      /** @type {{ code?: string }} */ (e).code?.startsWith("SQLITE_LOCKED")
    )
      return true;
    throw e;
  } finally {
    db.close();
  }
}

/** @param {string} dir */
function ensurePrivateDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

/** The key under which Settings → Backups stores how many backups to keep (lib/ops/settings.ts). */
export const KEEP_SETTING_KEY = "backup.keep";

/**
 * How many backups Settings → Backups says to keep, read from the database itself (read-only, no
 * lock the running app could block); null when it was never set, or cannot be read.
 * @param {string} databaseFile
 * @returns {number | null}
 */
export function storedBackupKeep(databaseFile) {
  if (!fs.existsSync(databaseFile)) return null;
  /** @type {import("better-sqlite3").Database | undefined} */
  let db;
  try {
    db = new Database(databaseFile, { readonly: true, fileMustExist: true, timeout: 5_000 });
    const row = /** @type {{ value: string } | undefined} */ (
      db.prepare("SELECT value FROM InstanceSetting WHERE key = ?").get(KEEP_SETTING_KEY)
    );
    const n = Number(row?.value);
    return row && Number.isInteger(n) && n >= 1 ? n : null;
  } catch {
    // An older or foreign database without the settings table: the default applies.
    return null;
  } finally {
    db?.close();
  }
}

/**
 * Deletes the oldest backups beyond the newest `keep`.
 * @param {string} dir
 * @param {number} keep
 * @returns {string[]} the names removed
 */
export function rotateBackups(dir, keep) {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number of at least 1, got ${keep}`);
  const removed = [];
  for (const b of listBackupFiles(dir).slice(keep)) {
    fs.rmSync(b.file, { force: true });
    removed.push(b.name);
  }
  return removed;
}

/**
 * A consistent snapshot of `databaseFile` in `dir`, checked, then the oldest beyond `keep` removed.
 * @param {{ databaseFile: string, dir: string, keep: number, now?: Date }} opts
 * @returns {Promise<BackupFile & { removed: string[] }>}
 */
export async function takeBackup({ databaseFile, dir, keep, now = new Date() }) {
  if (!fs.existsSync(databaseFile)) throw new Error(`There is no database at ${databaseFile} to back up.`);
  ensurePrivateDir(dir);
  // A new backup is always the newest: two in the same second (or a clock behind the newest name)
  // take the second after the newest, never a gap among older ones that rotation would remove at once.
  const newest = listBackupFiles(dir)[0]?.takenAt.getTime() ?? -Infinity;
  const at = new Date(Math.max(Math.floor(now.getTime() / 1000) * 1000, newest + 1000));
  const name = backupName(at);
  const file = path.join(dir, name);
  const partial = path.join(dir, `.${name}.partial`);
  fs.rmSync(partial, { force: true });
  // Created owner-only before SQLite writes a byte into it.
  fs.writeFileSync(partial, "", { mode: 0o600, flag: "wx" });
  const source = new Database(databaseFile, { fileMustExist: true, timeout: 5_000 });
  try {
    // After the first step, copy everything that is left in one step: a step reads one snapshot,
    // so writes by the app cannot keep restarting the copy.
    await source.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup of ${databaseFile} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    source.close();
  }
  // The copy is a database on its own: no WAL beside it.
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const check = checkDatabase(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup did not pass its check, so it was not kept: ${check.problem}`);
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, file);
  const removed = rotateBackups(dir, keep);
  return { name, file, sizeBytes: fs.statSync(file).size, takenAt: at, removed };
}

export class DatabaseInUseError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "DatabaseInUseError";
  }
}

/** @param {string} file */
export const inUseMessage = (file) =>
  `The database ${file} is in use by a running Cairn (or another program has it open). Stop Cairn first, then run this again.`;

/**
 * Replaces `databaseFile` with the checked copy `source`; the current database is kept aside as
 * `<database>.before-restore-<stamp>`. Refuses while another process holds the database.
 * @param {{ databaseFile: string, source: string, now?: Date }} opts
 * @returns {{ asideFile: string | null }}
 */
export function restoreBackup({ databaseFile, source, now = new Date() }) {
  const check = checkDatabase(source);
  if (!check.ok) throw new Error(`Not restored: ${check.problem}`);
  if (path.resolve(source) === path.resolve(databaseFile)) throw new Error("Not restored: that file is the database itself.");
  if (databaseLocked(databaseFile)) throw new DatabaseInUseError(`Not restored: ${inUseMessage(databaseFile)}`);
  ensurePrivateDir(path.dirname(databaseFile));
  /** @type {string | null} */
  let asideFile = null;
  if (fs.existsSync(databaseFile)) {
    // Fold the WAL into the file, so the file set aside is the whole database.
    const current = new Database(databaseFile, { fileMustExist: true, timeout: LOCK_PROBE_MS });
    try {
      current.pragma("wal_checkpoint(TRUNCATE)");
      current.pragma("journal_mode = DELETE");
    } catch (e) {
      if (/** @type {{ code?: string }} */ (e).code?.startsWith("SQLITE_BUSY"))
        throw new DatabaseInUseError(`Not restored: ${inUseMessage(databaseFile)}`);
      throw e;
    } finally {
      current.close();
    }
    asideFile = `${databaseFile}.before-restore-${stamp(now)}`;
    fs.renameSync(databaseFile, asideFile);
  }
  for (const f of [`${databaseFile}-wal`, `${databaseFile}-shm`, `${databaseFile}-journal`]) fs.rmSync(f, { force: true });
  const incoming = `${databaseFile}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.copyFileSync(source, incoming);
  fs.chmodSync(incoming, 0o600);
  fs.renameSync(incoming, databaseFile);
  return { asideFile };
}
