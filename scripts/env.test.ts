import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { restrictDatabaseFiles as restrictOnOpen } from "@/lib/db";
import { spawn } from "node:child_process";
import { DatabaseInUseError, databaseInUse, migrate, pendingMigrations, resolveDatabaseUrl, serverLockFile } from "./env.mjs";

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-modes-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("database files", () => {
  it("a fresh database folder is 0700 and the database, its WAL and shared memory are 0600", async () => {
    const url: string = resolveDatabaseUrl(`file:${path.join(scratch, "fresh", "data", "cairn.db")}`);
    const file = url.replace(/^file:/, "");
    expect(mode(path.join(scratch, "fresh"))).toBe("700");
    expect(mode(path.dirname(file))).toBe("700");
    await migrate(url);
    expect(mode(file)).toBe("600");
    // What the app does when it opens it: WAL mode and a write.
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.prepare("SELECT COUNT(*) FROM _prisma_migrations").get();
    db.exec("CREATE TABLE IF NOT EXISTS probe (x)");
    expect({ db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ db: "600", wal: "600", shm: "600" });
    db.close();
  }, 60_000);

  it("an existing world-readable database is tightened by migrate and by the app's open", () => {
    const dir = path.join(scratch, "old");
    fs.mkdirSync(dir, { mode: 0o755 });
    const file = path.join(dir, "cairn.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (x)");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    restrictOnOpen(file);
    expect({ db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ db: "600", wal: "600", shm: "600" });
    db.close();
  });
});

describe("commands beside a running Cairn", () => {
  // A stand-in for a serving Cairn: a live node process named in the lock file the app writes.
  async function fakeServer(url: string, port = 3999) {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((r) => child.once("spawn", r));
    fs.writeFileSync(serverLockFile(url), JSON.stringify({ pid: child.pid, port, startedAt: new Date().toISOString() }));
    return {
      pid: child.pid!,
      stop: () => new Promise((r) => (child.kill("SIGKILL"), child.once("exit", r))),
    };
  }

  it("migrating with nothing pending succeeds at once while the app holds the database", async () => {
    const url = resolveDatabaseUrl(`file:${path.join(scratch, "running", "cairn.db")}`);
    await migrate(url);
    const server = await fakeServer(url);
    try {
      expect(await databaseInUse(url)).toEqual({ inUse: true, pid: server.pid, port: 3999 });
      const waits: unknown[] = [];
      expect(await migrate(url, { waitMs: 60_000, onWait: (h) => waits.push(h) })).toEqual([]);
      expect(waits).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("a pending migration waits for the running app, then says in words that it holds the database", async () => {
    const url = resolveDatabaseUrl(`file:${path.join(scratch, "pending", "cairn.db")}`);
    fs.writeFileSync(url.replace(/^file:/, ""), "");
    const server = await fakeServer(url, 3111);
    try {
      const waits: unknown[] = [];
      const err = await migrate(url, { waitMs: 600, onWait: (h) => waits.push(h) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseInUseError);
      expect((err as Error).message).toBe(
        `the database ${url.replace(/^file:/, "")} is in use by a running Cairn (pid ${server.pid}, port 3111); stop it and run again`,
      );
      expect(waits).toEqual([{ inUse: true, pid: server.pid, port: 3111 }]);
      expect(pendingMigrations(url).length).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
    // Once it has stopped (its lock file left behind by a crash), the same command migrates.
    expect(await databaseInUse(url)).toEqual({ inUse: false });
    expect((await migrate(url, { waitMs: 600 })).length).toBeGreaterThan(0);
    expect(pendingMigrations(url)).toEqual([]);
  }, 60_000);

  it("another process holding the write lock counts as in use, without waiting", async () => {
    const url = resolveDatabaseUrl(`file:${path.join(scratch, "writer", "cairn.db")}`);
    await migrate(url);
    const writer = new Database(url.replace(/^file:/, ""));
    writer.pragma("journal_mode = WAL");
    writer.exec("BEGIN IMMEDIATE");
    try {
      expect(await databaseInUse(url)).toEqual({ inUse: true });
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
    }
    expect(await databaseInUse(url)).toEqual({ inUse: false });
  }, 60_000);
});
