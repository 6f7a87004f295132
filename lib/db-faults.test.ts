import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { actorFromToken, createToken } from "@/lib/auth/tokens";
import { databaseUrl, db, dbReady, inTransaction } from "@/lib/db";
import { databaseError } from "@/lib/db-errors";
import { getHealth } from "@/lib/health";
import { errorResponse } from "@/lib/http/respond";
import { createTask } from "@/lib/tasks/create-task";
import { listTasks } from "@/lib/tasks/list-tasks";
import { makeProject } from "@/lib/test/factories";

const file = () => databaseUrl().replace(/^file:/, "");

async function failure(p: Promise<unknown>) {
  const started = Date.now();
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  return { e, ms: Date.now() - started };
}

function canChattr(): boolean {
  try {
    execFileSync("chattr", ["-i", file()], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

describe("disk write errors", () => {
  it.skipIf(!canChattr())("answer as 'cannot write' without hanging, and writes work again once the disk does", async () => {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "before" });
    const files = [file(), `${file()}-wal`];
    execFileSync("chattr", ["+i", ...files]);
    // Writable again after 10 s whatever happens here (a hung write must not leave the files immutable).
    const safety = setTimeout(() => execFileSync("chattr", ["-i", ...files]), 10_000);
    try {
      for (let i = 0; i < 3; i++) {
        const { e, ms } = await failure(createTask(actor, projectId, { title: `during ${i}` }));
        expect(databaseError(e)?.message).toMatch(/cannot write to the database/i);
        expect(ms).toBeLessThan(5_000);
        const res = errorResponse(e);
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      const health = await getHealth();
      expect(health.database.status).toBe("error");
      expect(health.database.error).toMatch(/cannot write to the database/i);
      // Reads keep working.
      expect((await listTasks(actor, projectId, {})).tasks.map((t) => t.title)).toEqual(["before"]);
    } finally {
      clearTimeout(safety);
      execFileSync("chattr", ["-i", ...files]);
    }
    const after = await createTask(actor, projectId, { title: "after" });
    expect(after.ref).toBe("2");
    expect((await getHealth()).database.status).toBe("ok");
  });
});

describe("a write lock held by another process", () => {
  it("writes give up as 'busy' within seconds while reads and token checks answer at once", async () => {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "readable" });
    const { token } = await createToken(actor, { name: "fresh", scopes: ["read"] });
    await dbReady();
    const other = new Database(file());
    other.exec("BEGIN IMMEDIATE");
    try {
      const write = failure(createTask(actor, projectId, { title: "while locked" }));
      const readStarted = Date.now();
      const [list, tokenActor] = await Promise.all([listTasks(actor, projectId, {}), actorFromToken(token)]);
      expect(Date.now() - readStarted).toBeLessThan(1_000);
      expect(list.tasks.map((t) => t.title)).toEqual(["readable"]);
      expect(tokenActor.userId).toBe(actor.userId);
      const { e, ms } = await write;
      expect(databaseError(e)?.message).toMatch(/database is busy/i);
      expect(ms).toBeGreaterThan(2_000);
      expect(ms).toBeLessThan(6_000);
      // Outside a transaction too.
      const plain = await failure(db.project.update({ where: { id: projectId }, data: { description: "x" } }));
      expect(databaseError(plain.e)?.message).toMatch(/database is busy/i);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await createTask(actor, projectId, { title: "after" })).ref).toBe("2");
  });

  it("a transaction that fails part-way leaves the connection ready for the next one", async () => {
    const { actor, projectId } = await makeProject();
    await expect(
      inTransaction(async (tx) => {
        await tx.project.update({ where: { id: projectId }, data: { description: "half" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const t = await createTask(actor, projectId, { title: "next" });
    expect(t.ref).toBe("1");
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).description).not.toBe("half");
  });
});
