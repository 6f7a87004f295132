import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { restrictDatabaseFiles as restrictOnOpen } from "@/lib/db";
import { migrate, resolveDatabaseUrl } from "./env.mjs";

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-modes-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("database files", () => {
  it("a fresh database folder is 0700 and the database, its WAL and shared memory are 0600", () => {
    const url: string = resolveDatabaseUrl(`file:${path.join(scratch, "fresh", "data", "cairn.db")}`);
    const file = url.replace(/^file:/, "");
    expect(mode(path.join(scratch, "fresh"))).toBe("700");
    expect(mode(path.dirname(file))).toBe("700");
    migrate(url);
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
