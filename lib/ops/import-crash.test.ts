// kill -9 in the middle of a 10,000-task import: after reopening, the database holds all of it or
// none of it (the import is one transaction; SQLite's WAL recovery does the rest).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/db";
import { makeUser } from "@/lib/test/factories";

const root = path.resolve(__dirname, "../..");
const TASKS = 10_000;
let dir: string;
let file: string;
let userId: string;

function tasksJson(title: string) {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    id: i + 1,
    title: `${title} task ${i + 1}`,
    description: `Imported task number ${i + 1}`,
    details: "x".repeat(200),
    testStrategy: "",
    status: i % 3 === 0 ? "done" : "pending",
    priority: "medium",
    dependencies: i > 0 && i % 10 === 0 ? [i] : [],
    subtasks: [],
  }));
  return { [title]: { tasks } };
}

function copyDatabase(name: string): string {
  const target = path.join(dir, name);
  const source = new Database(databaseUrl().replace(/^file:/, ""), { readonly: true });
  source.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
  source.close();
  const db = new Database(target);
  db.pragma("journal_mode = WAL");
  db.close();
  return target;
}

function runImport(db: string): { proc: ChildProcess; out: () => string; started: Promise<void>; exit: Promise<void> } {
  const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/test/import-child.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${db}`, CAIRN_IMPORT_USER: userId, CAIRN_IMPORT_FILE: file },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr!.on("data", (d) => (err += String(d)));
  const started = new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += String(d);
      if (out.includes("START")) resolve();
    });
    proc.once("exit", () => reject(new Error(`the import process ended before it started: ${err}`)));
  });
  const exit = new Promise<void>((r) => proc.once("exit", () => r()));
  return { proc, out: () => out, started, exit };
}

function imported(db: string) {
  const conn = new Database(db);
  try {
    expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
    const projects = conn.prepare("SELECT id FROM Project WHERE name = 'crashtest'").pluck().all() as string[];
    const tasks = conn
      .prepare("SELECT COUNT(*) FROM Task WHERE projectId IN (SELECT id FROM Project WHERE name = 'crashtest')")
      .pluck()
      .get() as number;
    return { projects: projects.length, tasks };
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-crash-test-"));
  file = path.join(dir, "tasks.json");
  fs.writeFileSync(file, JSON.stringify(tasksJson("crashtest")));
  userId = (await makeUser()).userId;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("kill -9 during a 10,000-task import", () => {
  it("leaves all of it or none of it", { timeout: 180_000 }, async () => {
    // Uninterrupted, the import writes every task: that is "all", and how long it takes.
    const whole = copyDatabase("whole.db");
    const full = runImport(whole);
    await full.exit;
    const m = /DONE (\d+)/.exec(full.out());
    expect(m, full.out()).not.toBeNull();
    const durationMs = Number(m![1]);
    expect(imported(whole)).toEqual({ projects: 1, tasks: TASKS });

    // Killed while the transaction is under way: once its writes reach the WAL, or half-way through.
    const crashed = copyDatabase("crashed.db");
    const wal = `${crashed}-wal`;
    const walBefore = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
    const run = runImport(crashed);
    await run.started;
    const deadline = Date.now() + durationMs / 2;
    let walGrew = false;
    while (Date.now() < deadline && run.proc.exitCode === null) {
      if (fs.existsSync(wal) && fs.statSync(wal).size > walBefore + 512 * 1024) {
        walGrew = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    run.proc.kill("SIGKILL");
    await run.exit;
    expect(run.proc.signalCode).toBe("SIGKILL");
    expect(run.out()).not.toMatch(/DONE/);

    const after = imported(crashed);
    expect([
      { projects: 0, tasks: 0 },
      { projects: 1, tasks: TASKS },
    ]).toContainEqual(after);
    // Uncommitted pages had reached the file, and none of them survived.
    if (walGrew) expect(after).toEqual({ projects: 0, tasks: 0 });
  });
});
