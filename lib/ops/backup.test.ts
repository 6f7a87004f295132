// Backups on real files: a snapshot taken while another process writes, restore, rotation, and
// refusing to restore under a running app (lib/ops/backup-core.mjs, the scripts, the app's service).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/db";
import {
  backupName,
  checkDatabase,
  DatabaseInUseError,
  listBackupFiles,
  restoreBackup,
  rotateBackups,
  takeBackup,
} from "./backup-core.mjs";

const root = path.resolve(__dirname, "../..");
const betterSqlite = path.join(root, "node_modules/better-sqlite3/lib/index.js");
let dir: string;
let seq = 0;

/** A migrated Cairn database of its own (a copy of the test database's schema and rows). */
function freshDatabase(): string {
  const file = path.join(dir, `db-${++seq}`, "cairn.db");
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const source = new Database(databaseUrl().replace(/^file:/, ""), { readonly: true });
  source.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  source.close();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE IF NOT EXISTS Probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  db.close();
  return file;
}

const children: ChildProcess[] = [];
/** A node process running `source` (ESM) that writes READY lines to stdout. */
function child(source: string): { proc: ChildProcess; lines: string[]; waitFor: (re: RegExp) => Promise<string> } {
  const proc = spawn(process.execPath, ["--input-type=module", "-e", source], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(proc);
  const lines: string[] = [];
  let buffer = "";
  let stderr = "";
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  proc.stdout!.on("data", (d) => {
    buffer += String(d);
    let i;
    while ((i = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  proc.stderr!.on("data", (d) => (stderr += String(d)));
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return resolve(hit);
      waiters.push({ re, resolve });
      proc.once("exit", (code) => reject(new Error(`child exited (${code}) before ${re}: ${stderr}`)));
    });
  return { proc, lines, waitFor };
}

const exited = (proc: ChildProcess) =>
  new Promise<number | null>((r) =>
    proc.exitCode !== null || proc.signalCode !== null ? r(proc.exitCode) : proc.once("exit", (c) => r(c)),
  );

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-backup-test-"));
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await exited(c);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a backup taken while another process writes", () => {
  it("restores to a sound database holding every write committed before it began", async () => {
    const db = freshDatabase();
    // 200 writes of 4 KB each, one transaction apiece, through a connection of another process;
    // each line is printed only after its COMMIT returned.
    const writer = child(`
      import Database from ${JSON.stringify(betterSqlite)};
      const db = new Database(${JSON.stringify(db)}, { timeout: 5000 });
      db.pragma("journal_mode = WAL");
      const insert = db.prepare("INSERT INTO Probe (id, payload) VALUES (?, ?)");
      console.log("READY");
      for (let i = 0; i < 200; i++) {
        insert.run(i, String(i).padEnd(4096, "x"));
        console.log("COMMITTED " + i);
        await new Promise((r) => setTimeout(r, 5));
      }
      console.log("DONE");
    `);
    await writer.waitFor(/^COMMITTED 40$/);
    const committedBefore = Math.max(...writer.lines.filter((l) => l.startsWith("COMMITTED ")).map((l) => Number(l.split(" ")[1])));
    const backup = await takeBackup({ databaseFile: db, dir: path.join(dir, "in-flight"), keep: 5 });
    const backupEnded = writer.lines.length;
    await writer.waitFor(/^DONE$/);
    // The writes really were in flight: more of them committed after the backup.
    expect(writer.lines.length).toBeGreaterThan(backupEnded);
    expect(committedBefore).toBeLessThan(199);

    // Restored over a copy of the database in its final state.
    const target = freshDatabase();
    const { asideFile } = restoreBackup({ databaseFile: target, source: backup.file });
    expect(asideFile).toMatch(/cairn\.db\.before-restore-\d{8}-\d{6}$/);
    expect(checkDatabase(target)).toEqual({ ok: true });
    const restored = new Database(target, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    const ids = new Set((restored.prepare("SELECT id FROM Probe").all() as { id: number }[]).map((r) => r.id));
    const rows = restored.prepare("SELECT id, payload FROM Probe").all() as { id: number; payload: string }[];
    restored.close();
    for (let i = 0; i <= committedBefore; i++) expect(ids.has(i), `write ${i} committed before the backup`).toBe(true);
    // A consistent prefix: no holes, every payload whole.
    expect([...ids].sort((a, b) => a - b)).toEqual([...Array(ids.size).keys()]);
    for (const r of rows) expect(r.payload).toBe(String(r.id).padEnd(4096, "x"));
    expect(ids.size).toBeLessThan(200);
  });
});

describe("backup files", () => {
  it("are named by UTC time, owner-only in an owner-only folder, and pass the integrity check", async () => {
    const db = freshDatabase();
    const out = path.join(dir, "named");
    const b = await takeBackup({ databaseFile: db, dir: out, keep: 3, now: new Date("2026-12-01T03:04:05.678Z") });
    expect(b.name).toBe("cairn-20261201-030405.db");
    expect(fs.statSync(b.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(out).mode & 0o777).toBe(0o700);
    expect(checkDatabase(b.file)).toEqual({ ok: true });
    expect(fs.readdirSync(out)).toEqual(["cairn-20261201-030405.db"]);
  });

  it("rotation keeps exactly the newest N", async () => {
    const db = freshDatabase();
    const out = path.join(dir, "rotation");
    const times = [1, 2, 3, 4, 5, 6].map((h) => new Date(Date.UTC(2026, 10, 20, h)));
    for (const now of times) await takeBackup({ databaseFile: db, dir: out, keep: 4, now });
    expect(listBackupFiles(out).map((b) => b.name)).toEqual(times.slice(2).reverse().map(backupName));
    expect(rotateBackups(out, 2)).toEqual([backupName(times[3]!), backupName(times[2]!)]);
    expect(fs.readdirSync(out).sort()).toEqual([backupName(times[4]!), backupName(times[5]!)]);
  });

  it("several in one second are each kept as the newest, never named into a gap that rotation removes", async () => {
    const db = freshDatabase();
    const out = path.join(dir, "same-second");
    const t = new Date("2026-12-01T10:00:00.100Z");
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push((await takeBackup({ databaseFile: db, dir: out, keep: 2, now: t })).name);
    // One second later by the clock, but the names already reach 10:00:03: the next is 10:00:04.
    const later = await takeBackup({ databaseFile: db, dir: out, keep: 2, now: new Date("2026-12-01T10:00:01.100Z") });
    expect(names).toEqual(["cairn-20261201-100000.db", "cairn-20261201-100001.db", "cairn-20261201-100002.db", "cairn-20261201-100003.db"]);
    expect(later.name).toBe("cairn-20261201-100004.db");
    expect(fs.existsSync(later.file)).toBe(true);
    expect(listBackupFiles(out).map((b) => b.name)).toEqual(["cairn-20261201-100004.db", "cairn-20261201-100003.db"]);
  });

  it("npm run backup writes one, keeping --keep of them", () => {
    const db = freshDatabase();
    const out = path.join(dir, "script");
    const env = { ...process.env, DATABASE_URL: `file:${db}`, CAIRN_BACKUP_DIR: out };
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(process.execPath, ["scripts/backup.mjs", "--keep", "2"], { cwd: root, env, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/integrity check ok/);
      spawnSync("sleep", ["1.05"]);
    }
    expect(listBackupFiles(out)).toHaveLength(2);
  });
});

describe("npm run backup without --keep", () => {
  const run = (db: string, out: string, extra: Record<string, string> = {}, args: string[] = []) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${db}`, CAIRN_BACKUP_DIR: out, ...extra };
    if (!("CAIRN_BACKUP_KEEP" in extra)) delete env.CAIRN_BACKUP_KEEP;
    const r = spawnSync(process.execPath, ["scripts/backup.mjs", ...args], { cwd: root, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const setKeep = (db: string, value: string) => {
    const conn = new Database(db);
    conn
      .prepare("INSERT INTO InstanceSetting (key, value) VALUES ('backup.keep', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(value);
    conn.close();
  };

  it("keeps the number set in Settings → Backups", () => {
    const db = freshDatabase();
    const out = path.join(dir, "script-settings-keep");
    setKeep(db, "3");
    for (let i = 0; i < 5; i++) run(db, out);
    expect(listBackupFiles(out)).toHaveLength(3);
    // Changed in Settings: the next backup follows it.
    setKeep(db, "2");
    expect(run(db, out)).toMatch(/keeping the newest 2/);
    expect(listBackupFiles(out)).toHaveLength(2);
  });

  it("lets --keep and CAIRN_BACKUP_KEEP override the setting, and keeps 7 when nothing is set", () => {
    const db = freshDatabase();
    const out = path.join(dir, "script-override-keep");
    for (let i = 0; i < 8; i++) run(db, out);
    expect(listBackupFiles(out)).toHaveLength(7);
    setKeep(db, "5");
    run(db, out, { CAIRN_BACKUP_KEEP: "4" });
    expect(listBackupFiles(out)).toHaveLength(4);
    run(db, out, { CAIRN_BACKUP_KEEP: "4" }, ["--keep", "1"]);
    expect(listBackupFiles(out)).toHaveLength(1);
  });
});

describe("restore", () => {
  it("round trip: the database returns to the backup, the replaced one is kept aside", async () => {
    const db = freshDatabase();
    const conn = new Database(db);
    conn.prepare("INSERT INTO Probe (id, payload) VALUES (1, 'before the backup')").run();
    conn.close();
    const b = await takeBackup({ databaseFile: db, dir: path.join(dir, "roundtrip"), keep: 3 });
    const later = new Database(db);
    later.prepare("INSERT INTO Probe (id, payload) VALUES (2, 'after the backup')").run();
    later.close();

    const { asideFile } = restoreBackup({ databaseFile: db, source: b.file });
    const restored = new Database(db, { readonly: true });
    expect(restored.prepare("SELECT payload FROM Probe ORDER BY id").pluck().all()).toEqual(["before the backup"]);
    restored.close();
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const aside = new Database(asideFile!, { readonly: true });
    expect(aside.prepare("SELECT payload FROM Probe ORDER BY id").pluck().all()).toEqual(["before the backup", "after the backup"]);
    aside.close();
  });

  it("refuses a file that is not a sound Cairn database, and changes nothing", () => {
    const db = freshDatabase();
    const before = fs.readFileSync(db);
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "not a database at all, just text".repeat(200));
    expect(() => restoreBackup({ databaseFile: db, source: junk })).toThrow(/cannot be read as an SQLite database|integrity/);
    const other = path.join(dir, "other.db");
    const o = new Database(other);
    o.exec("CREATE TABLE t (x)");
    o.close();
    expect(() => restoreBackup({ databaseFile: db, source: other })).toThrow(/not a Cairn database/);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it("refuses while another process holds a write lock, saying so in words", async () => {
    const db = freshDatabase();
    const b = await takeBackup({ databaseFile: db, dir: path.join(dir, "locked"), keep: 3 });
    const holder = child(`
      import Database from ${JSON.stringify(betterSqlite)};
      const db = new Database(${JSON.stringify(db)});
      db.exec("BEGIN IMMEDIATE");
      db.prepare("INSERT INTO Probe (id, payload) VALUES (7, 'held')").run();
      console.log("LOCKED");
      setInterval(() => {}, 1000);
    `);
    await holder.waitFor(/^LOCKED$/);
    expect(() => restoreBackup({ databaseFile: db, source: b.file })).toThrow(DatabaseInUseError);
    expect(() => restoreBackup({ databaseFile: db, source: b.file })).toThrow(/in use by a running Cairn.*Stop Cairn first/);
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f.includes("before-restore"))).toEqual([]);
  });

  it("npm run restore refuses while the app has the database open (even idle), and restores once it is stopped", async () => {
    const db = freshDatabase();
    const b = await takeBackup({ databaseFile: db, dir: path.join(dir, "app-open"), keep: 3 });
    // What a running Cairn does: the database open in WAL mode, a read done, then idle.
    const app = child(`
      import Database from ${JSON.stringify(betterSqlite)};
      const db = new Database(${JSON.stringify(db)});
      db.pragma("journal_mode = WAL");
      db.prepare("SELECT COUNT(*) FROM _prisma_migrations").get();
      console.log("OPEN");
      setInterval(() => {}, 1000);
    `);
    await app.waitFor(/^OPEN$/);
    const env = { ...process.env, DATABASE_URL: `file:${db}` };
    const refused = spawnSync(process.execPath, ["scripts/restore.mjs", b.file], { cwd: root, env, encoding: "utf8" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Not restored: The database .* is in use by a running Cairn .*Stop Cairn first/);
    app.proc.kill("SIGTERM");
    await exited(app.proc);
    const done = spawnSync(process.execPath, ["scripts/restore.mjs", b.file], { cwd: root, env, encoding: "utf8" });
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/kept the previous database as .*before-restore-/);
    expect(checkDatabase(db)).toEqual({ ok: true });
  });
});
