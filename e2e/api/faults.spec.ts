import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { test, type APIResponse } from "@playwright/test";
import { addTask, expect, newProject, newUser, ok, onPostgres, type TestUser } from "../support/api";
import { startOwnServer, type OwnServer } from "../support/own-server";

// The database breaks under a running server — files made unwritable, a lock held by another
// process — and every request still gets an answer within seconds, and the server recovers by
// itself. These specs run against a server of their own (see own-server.ts), so breaking its
// database disturbs no other spec.
test.describe.configure({ mode: "serial" });
// SQLite's file faults (an unwritable file, another process's write lock); PostgreSQL's are in lib/db-errors.test.ts.
test.skip(onPostgres(), "faults of the SQLite database file");

let own: OwnServer;
let user: TestUser;
let projectId: string;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  own = await startOwnServer();
  user = await newUser(own.request);
  projectId = await newProject(own.request, user);
  await addTask(own.request, user, projectId, { title: "Before the fault" });
});
test.afterAll(async () => {
  await own?.stop();
});

/** Sends a request and records how long its answer took (a hung request fails the spec). */
async function timed(send: () => Promise<APIResponse>) {
  const started = Date.now();
  const res = await send();
  return { res, ms: Date.now() - started, body: await res.json().catch(() => null) };
}

const createTask = (title: string, timeout = 10_000) =>
  timed(() => own.request.post(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, data: { title }, timeout }));

function chattr(flag: "+i" | "-i", files: string[]) {
  execFileSync("chattr", [flag, ...files], { stdio: "pipe" });
}

test("disk write errors: writes answer 503 within seconds, health says failing, and it recovers without a restart", async () => {
  test.setTimeout(90_000);
  // The database file and its WAL hold the data; making them immutable (root, ext4/tmpfs) fails
  // every write with SQLITE_IOERR. The -shm file is memory-mapped: making it immutable kills any
  // SQLite process with SIGBUS, which no application can answer, so it stays writable here.
  const files = [own.dbFile, `${own.dbFile}-wal`];
  try {
    chattr("+i", files);
  } catch (e) {
    test.skip(true, `chattr +i is not possible here (needs root on ext4/tmpfs): ${String(e)}`);
  }
  // Writable again after 40 s whatever happens here (a hung request must not leave the files immutable).
  const safety = setTimeout(() => chattr("-i", files), 40_000);
  try {
    // Several writes in a row, then several at once: each one answers, none hangs.
    for (let i = 0; i < 3; i++) {
      const { res, ms, body } = await createTask(`During the fault ${i}`);
      expect(res.status(), JSON.stringify(body)).toBe(503);
      expect(body.error.code).toBe("unavailable");
      expect(body.error.message).toMatch(/cannot write to the database/i);
      expect(res.headers()["retry-after"]).toMatch(/^\d+$/);
      expect(ms).toBeLessThan(6_000);
    }
    const parallel = await Promise.all([0, 1, 2, 3].map((i) => createTask(`Parallel during the fault ${i}`)));
    for (const { res, ms } of parallel) {
      expect(res.status()).toBe(503);
      expect(ms).toBeLessThan(8_000);
    }
    const other = await timed(() =>
      own.request.patch(`/api/v1/projects/${projectId}/tasks/1`, {
        headers: user.headers,
        data: { status: "in-progress" },
        timeout: 10_000,
      }),
    );
    expect(other.res.status()).toBe(503);

    const health = await timed(() => own.request.get("/api/health", { timeout: 10_000 }));
    expect(health.res.status()).toBe(503);
    expect(health.body).toMatchObject({ status: "error", database: { status: "error" } });
    expect(health.body.database.error).toMatch(/cannot write to the database/i);

    // Reading keeps working meanwhile.
    const list = await timed(() => own.request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, timeout: 10_000 }));
    expect(list.res.status()).toBe(200);
    expect(list.body.tasks.map((t: { title: string }) => t.title)).toEqual(["Before the fault"]);
  } finally {
    clearTimeout(safety);
    chattr("-i", files);
  }

  // Writable again: the same server process takes writes again, and health recovers.
  const deadline = Date.now() + 10_000;
  let after = await createTask("After the fault");
  while (after.res.status() !== 201 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    after = await createTask("After the fault");
  }
  expect(after.res.status(), JSON.stringify(after.body)).toBe(201);
  expect(after.body.task.ref).toBe("2");
  const moved = await ok(
    await own.request.patch(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers, data: { status: "in-progress" } }),
  );
  expect(moved.task.status).toBe("in-progress");
  const health = await ok(await own.request.get("/api/health"));
  expect(health).toMatchObject({ status: "ok", database: { status: "ok" } });
  // Nothing written during the fault survives half-done.
  const { tasks } = await ok(await own.request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
  expect(tasks.map((t: { ref: string; title: string }) => `${t.ref} ${t.title}`)).toEqual(["1 Before the fault", "2 After the fault"]);
});

test("a write lock held by another process: reads answer at once, writes and token checks answer 503 busy, never 500", async () => {
  test.setTimeout(90_000);
  // A fresh token has never been used: checking it wants to record last-used, a write.
  const { token } = await ok(
    await own.request.post("/api/v1/tokens", {
      data: { email: user.email, password: "correct horse battery", name: "fresh", scopes: ["read", "write"] },
    }),
    201,
  );
  const fresh = { authorization: `Bearer ${token}` };

  const other = new Database(own.dbFile);
  other.exec("BEGIN IMMEDIATE");
  const lockedAt = Date.now();
  const release = setTimeout(() => other.exec("ROLLBACK"), 10_000);
  try {
    const writes = [0, 1, 2].map((i) => createTask(`While locked ${i}`, 15_000));
    // Reads start while the writes wait for the lock.
    await new Promise((r) => setTimeout(r, 200));
    const reads = await Promise.all([
      timed(() => own.request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, timeout: 15_000 })),
      timed(() => own.request.get(`/api/v1/projects/${projectId}/next`, { headers: user.headers, timeout: 15_000 })),
      timed(() => own.request.get(`/api/v1/projects/${projectId}/tasks`, { headers: fresh, timeout: 15_000 })),
    ]);
    for (const r of reads) {
      expect(r.res.status(), JSON.stringify(r.body)).toBe(200);
      expect(r.ms).toBeLessThan(1_500);
    }
    for (const w of await Promise.all(writes)) {
      expect(w.res.status(), JSON.stringify(w.body)).toBe(503);
      expect(w.body.error.message).toMatch(/database is busy/i);
      expect(w.res.headers()["retry-after"]).toMatch(/^\d+$/);
      expect(w.ms).toBeLessThan(7_000);
    }
    // All of this happened while the other process still held the lock.
    expect(Date.now() - lockedAt).toBeLessThan(10_000);
  } finally {
    clearTimeout(release);
    if (other.inTransaction) other.exec("ROLLBACK");
    other.close();
  }
  const after = await createTask("After the lock");
  expect(after.res.status(), JSON.stringify(after.body)).toBe(201);
  const { tasks } = await ok(await own.request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
  expect(tasks.map((t: { title: string }) => t.title)).not.toContain("While locked 0");
});
