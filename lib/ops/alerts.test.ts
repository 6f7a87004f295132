// Alerts against real parts: an Ollama-protocol server of this test's own that is stopped and
// started again, the app's periodic check, and a local HTTP receiver standing in for ntfy.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAiSettings } from "@/lib/ai/settings";
import { db } from "@/lib/db";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { makeUser } from "@/lib/test/factories";
import { listAlerts } from "./alerts";
import { runBackup } from "./backup";
import { checkEndpointsOnce, endpointStates, startEndpointWatch } from "./monitor";
import { updateBackupSettings } from "./settings";

const OLLAMA_PORT = 18070;
const RECEIVER_PORT = 18071;
const INTERVAL_MS = 150;

interface Received {
  title: string | undefined;
  priority: string | undefined;
  tags: string | undefined;
  contentType: string | undefined;
  body: string;
}
const received: Received[] = [];
let receiver: http.Server;
let admin: Awaited<ReturnType<typeof makeUser>>;
let tmp: string;
const endpointId = `watch-${process.pid}-${Date.now()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-alerts-test-"));
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += String(d)));
    req.on("end", () => {
      received.push({
        title: req.headers.title as string | undefined,
        priority: req.headers.priority as string | undefined,
        tags: req.headers.tags as string | undefined,
        contentType: req.headers["content-type"],
        body,
      });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(RECEIVER_PORT, "127.0.0.1", r));
  admin = await makeUser({ isAdmin: true });
  await updateBackupSettings(admin, { notifyUrl: `http://127.0.0.1:${RECEIVER_PORT}/cairn-alerts` });
  await updateAiSettings(admin, {
    endpoints: [{ id: endpointId, kind: "ollama", name: "Closet Ollama", url: `http://127.0.0.1:${OLLAMA_PORT}` }],
    roles: { main: [{ endpointId, model: "llama3.2" }], fast: [], fallback: [] },
  });
});

afterAll(async () => {
  await updateBackupSettings(admin, { notifyUrl: null });
  await new Promise((r) => receiver.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("an AI endpoint that goes down and comes back", () => {
  it("sends exactly one notification for each change", { timeout: 60_000 }, async () => {
    let ollama = await startOllamaServer({ port: OLLAMA_PORT });
    const stop = startEndpointWatch(INTERVAL_MS);
    try {
      await until("the first check", async () => (await endpointStates()).find((e) => e.id === endpointId)?.status === "up");
      await sleep(INTERVAL_MS * 4);
      // Up from the start is no news: no notification, and no banner either.
      expect(received).toEqual([]);
      expect((await listAlerts(admin)).find((a) => a.subject === `endpoint:${endpointId}`)).toBeUndefined();

      await ollama.close();
      await until("the down notification", () => received.length >= 1);
      await sleep(INTERVAL_MS * 8);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ title: "AI endpoint Closet Ollama is down", priority: "high", tags: "warning,cairn" });
      expect(received[0]!.contentType).toMatch(/^text\/plain/);
      expect(received[0]!.body).toMatch(/^Cairn cannot reach Closet Ollama: .+AI features that use it are unavailable/);
      expect((await endpointStates()).find((e) => e.id === endpointId)?.status).toBe("down");
      const down = await listAlerts(admin);
      expect(down.find((a) => a.subject === `endpoint:${endpointId}`)).toMatchObject({ state: "down", problem: true });

      ollama = await startOllamaServer({ port: OLLAMA_PORT });
      await until("the recovery notification", () => received.length >= 2);
      await sleep(INTERVAL_MS * 8);
      expect(received).toHaveLength(2);
      expect(received[1]).toMatchObject({ title: "AI endpoint Closet Ollama is back up", priority: "default" });
      expect(received[1]!.body).toBe("Closet Ollama answers again; AI features work as usual.");
    } finally {
      stop();
    }
    // A restart forgets what it saw in memory, but not what it announced: nothing is sent again.
    delete (globalThis as { cairnEndpointStates?: unknown }).cairnEndpointStates;
    await checkEndpointsOnce();
    await sleep(100);
    expect(received).toHaveLength(2);
    const alerts = await listAlerts(admin);
    expect(alerts.find((a) => a.subject === `endpoint:${endpointId}`)).toMatchObject({ state: "up", problem: false });
    await ollama.close();
  });
});

describe("the first backup", () => {
  it("is no news: no notification and no recovery banner", async () => {
    await db.instanceSetting.deleteMany({ where: { key: "alert.backup" } });
    const before = received.length;
    process.env.CAIRN_BACKUP_DIR = path.join(tmp, "first-backups");
    try {
      await runBackup();
      await runBackup();
    } finally {
      delete process.env.CAIRN_BACKUP_DIR;
    }
    expect(received.slice(before)).toEqual([]);
    expect((await listAlerts(admin)).find((a) => a.subject === "backup")).toBeUndefined();
  });
});

describe("a backup that fails", () => {
  it("is announced once, and so is the next good one", { timeout: 30_000 }, async () => {
    const before = received.length;
    // A file where the backup folder should be: the backup cannot be written.
    const blocked = path.join(tmp, "not-a-folder");
    fs.writeFileSync(blocked, "");
    process.env.CAIRN_BACKUP_DIR = blocked;
    try {
      await expect(runBackup()).rejects.toThrow();
      await expect(runBackup()).rejects.toThrow();
      expect(received.slice(before).map((r) => r.title)).toEqual(["A Cairn backup failed"]);
      expect((await listAlerts(admin)).find((a) => a.subject === "backup")).toMatchObject({ state: "failed", problem: true });

      process.env.CAIRN_BACKUP_DIR = path.join(tmp, "backups");
      const b = await runBackup();
      expect(b.name).toMatch(/^cairn-\d{8}-\d{6}\.db$/);
      expect(received.slice(before).map((r) => r.title)).toEqual(["A Cairn backup failed", "Cairn backups work again"]);
      expect((await listAlerts(admin)).find((a) => a.subject === "backup")).toMatchObject({
        state: "ok",
        problem: false,
        title: "Cairn backups work again",
      });
    } finally {
      delete process.env.CAIRN_BACKUP_DIR;
    }
  });
});
