import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeUser } from "@/lib/test/factories";
import { getAiStatus } from "./endpoint-status";
import { resetCoolDowns } from "./providers";
import { preparePull, pullModelStream } from "./pull";
import type { PullUpdate } from "./types";
import { updateAiSettings } from "./settings";
import { testModel } from "./test-model";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const reader = { userId: "reader", isAdmin: false };
// The endpoint details and model tests are the admin's.
const adminReader = { userId: "reader", isAdmin: true };
let CLOSED = "";
let CLOSED_TOO = "";

/** A port that was just free: connecting to it is refused (fetch blocks well-known ports like 9 outright). */
async function closedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function configure(endpoints: { id: string; name?: string; url: string }[], main: string[], fallback: string[] = []) {
  const link = (m: string) => ({ endpointId: m.includes("@") ? m.split("@")[1]! : endpoints[0]!.id, model: m.split("@")[0]! });
  await updateAiSettings(admin, {
    endpoints: endpoints.map((e) => ({ id: e.id, kind: "ollama", name: e.name ?? "Local Ollama", url: e.url })),
    roles: { main: main.map(link), fast: [], fallback: fallback.map(link) },
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
  });
}

beforeAll(async () => {
  delete process.env.OLLAMA_BASE_URL;
  delete process.env.OLLAMA_MODEL;
  delete process.env.OLLAMA_FALLBACK_MODELS;
  CLOSED = await closedUrl();
  CLOSED_TOO = await closedUrl();
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 1, pullDelayMs: 1 } });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  resetCoolDowns();
});

describe("getAiStatus", () => {
  it("is ready when the main model is installed, and lists health, models with sizes and loaded models", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    const status = await getAiStatus(adminReader);
    expect(status).toMatchObject({ ready: true, problem: null, fix: null, warnings: [] });
    const [ep] = status.endpoints;
    expect(ep).toMatchObject({ id: "local", name: "Local Ollama", fromEnvironment: false, modelsError: null });
    expect(ep!.health).toMatchObject({ reachable: true, version: "0.12.3", error: null });
    expect(ep!.health.latencyMs).toBeGreaterThanOrEqual(0);
    const llama = ep!.models.find((m) => m.name === "llama3.2:latest");
    expect(llama?.sizeBytes).toBeGreaterThan(1_000_000_000);
    expect(ep!.loaded).toEqual([]);
    expect(status.roles.main.firstUsable).toMatchObject({
      model: "llama3.2",
      endpointName: "Local Ollama",
      installed: true,
      reachable: true,
    });
    // Fast defaults to the main list.
    expect(status.roles.fast.chain.map((l) => l.model)).toEqual(["llama3.2"]);
  });

  it("reports a model loaded after a chat", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    expect((await testModel(adminReader, { endpointId: "local", model: "llama3.2" })).ok).toBe(true);
    const [ep] = (await getAiStatus(adminReader)).endpoints;
    expect(ep!.loaded.map((m) => m.name)).toContain("llama3.2:latest");
  });

  it("an unreachable endpoint: not ready, with the problem and the fix in plain words", async () => {
    await configure([{ id: "local", url: CLOSED }], ["llama3.2"]);
    const status = await getAiStatus(adminReader);
    expect(status.ready).toBe(false);
    expect(status.problem).toBe(`Cairn cannot reach Ollama at ${CLOSED}.`);
    expect(status.fix).toBe("Start it with `ollama serve`, or change the endpoint below.");
    expect(status.endpoints[0]!.health.reachable).toBe(false);
    expect(status.endpoints[0]!.health.error).toMatch(/connection refused/);
    expect(status.endpoints[0]!.models).toEqual([]);
    expect(status.roles.main.chain[0]).toMatchObject({ reachable: false, installed: false });
  });

  it("names every endpoint when none of several can be reached", async () => {
    await configure(
      [
        { id: "a", url: CLOSED },
        { id: "b", name: "GPU box", url: CLOSED_TOO },
      ],
      ["llama3.2@a"],
      ["llama3.2@b"],
    );
    const status = await getAiStatus(adminReader);
    expect(status.problem).toBe(`Cairn cannot reach any of its AI endpoints (Ollama at ${CLOSED}; GPU box at ${CLOSED_TOO}).`);
  });

  it("a model that is not installed: not ready, and the fix is to pull it", async () => {
    await configure([{ id: "local", url: server.url }], ["mistral:7b"]);
    const status = await getAiStatus(adminReader);
    expect(status.ready).toBe(false);
    expect(status.problem).toBe("mistral:7b is not installed on Local Ollama.");
    expect(status.fix).toBe("Pull it below.");
    expect(status.roles.main.chain[0]).toMatchObject({ reachable: true, installed: false });
  });

  it("a missing first choice with an installed fallback is ready, with a warning", async () => {
    await configure([{ id: "local", url: server.url }], ["mistral:7b"], ["qwen3:8b"]);
    const status = await getAiStatus(adminReader);
    expect(status.ready).toBe(true);
    expect(status.roles.main.firstUsable).toMatchObject({ model: "qwen3:8b", fromFallback: true });
    expect(status.warnings).toEqual(["The main model mistral:7b cannot answer right now; main jobs will use qwen3:8b on Local Ollama."]);
  });
});

describe("getAiStatus for a non-admin", () => {
  it("shows each endpoint's name and whether it is up, never what the fetch returned", async () => {
    await configure(
      [
        { id: "local", url: server.url },
        { id: "gone", name: "Old box", url: CLOSED },
      ],
      ["llama3.2"],
    );
    const status = await getAiStatus(reader);
    expect(status.ready).toBe(true);
    const [up, down] = status.endpoints;
    expect(up).toMatchObject({ name: "Local Ollama", detailsHidden: true, models: [], loaded: [], modelsError: null });
    expect(up!.health).toEqual({ url: server.url, reachable: true, version: null, latencyMs: null, error: null });
    expect(down!.health).toMatchObject({ reachable: false, error: null });
    expect(status.warnings).toEqual(["Old box is unreachable."]);
    expect(JSON.stringify(status)).not.toContain("0.12.3");
    expect(JSON.stringify(status)).not.toContain("llama3.2:latest");
    // The roles still say whether the configured model can answer.
    expect(status.roles.main.firstUsable).toMatchObject({ model: "llama3.2", installed: true });
  });

  it("may not test a model", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    await expect(testModel(reader, { endpointId: "local", model: "llama3.2" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(testModel({ ...adminReader, tokenScopes: ["read", "write"] }, { role: "main" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("testModel", () => {
  it("answers with the model and its timings, and logs the run", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    const user = await makeUser({ isAdmin: true });
    const r = await testModel(user, { endpointId: "local", model: "qwen3:8b" });
    expect(r).toMatchObject({ ok: true, model: "qwen3:8b", endpoint: "Local Ollama", error: null, skipped: [] });
    expect(r.ttftMs).toBeGreaterThanOrEqual(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.ttftMs!);
    const run = await db.aiRun.findFirst({ where: { userId: user.userId }, orderBy: { createdAt: "desc" } });
    expect(run).toMatchObject({ job: "test", model: "qwen3:8b", outcome: "ok", endpoint: server.url });
  });

  it("a role test walks the chain like a job and says which model answered", async () => {
    await configure([{ id: "local", url: server.url }], ["mistral:7b"], ["llama3.2"]);
    const r = await testModel(adminReader, { role: "main" });
    expect(r).toMatchObject({ ok: true, model: "llama3.2" });
    expect(r.skipped.map((s) => [s.model, s.ok])).toEqual([["mistral:7b", false]]);
    expect(r.skipped[0]!.error).toMatch(/HTTP 404.*not found/);
  });

  it("a failure is a result with the reason, not an exception", async () => {
    await configure([{ id: "local", url: CLOSED }], ["llama3.2"]);
    const r = await testModel(adminReader, { role: "main" });
    expect(r).toMatchObject({
      ok: false,
      model: "llama3.2",
      ttftMs: null,
      error: `Cannot reach Local Ollama at ${CLOSED}. Is it running?`,
    });
  });

  it("rejects an unknown endpoint", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    await expect(testModel(adminReader, { endpointId: "nope", model: "llama3.2" })).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("pulling a model", () => {
  it("streams progress that ends at 100 % and installs the model", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    const updates: PullUpdate[] = [];
    const pull = pullModelStream(admin, { endpointId: "local", name: "gemma3:4b" });
    let step = await pull.next();
    while (!step.done) {
      updates.push(step.value);
      step = await pull.next();
    }
    expect(step.value).toEqual({ endpointId: "local", model: "gemma3:4b", status: "success" });
    expect(updates[0]).toMatchObject({ status: "pulling manifest", percent: null });
    const percents = updates.flatMap((u) => (u.percent === null ? [] : [u.percent]));
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ status: "success", percent: 100 });
    expect((await getAiStatus(adminReader)).endpoints[0]!.models.map((m) => m.name)).toContain("gemma3:4b");
  });

  it("cancelling stops the download and installs nothing", async () => {
    await configure([{ id: "local", url: server.url }], ["llama3.2"]);
    server.script("slow-cancel:1b", { delayMs: 200 });
    const stop = new AbortController();
    const pull = pullModelStream(admin, { endpointId: "local", name: "slow-cancel:1b" }, stop.signal);
    await pull.next();
    stop.abort();
    const e = await pull.next().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 499, details: { aborted: true } });
    expect((e as AppError).code).toBe("aborted");
    await expect.poll(() => server.requestsTo("/api/pull")[0]?.clientClosed).toBe(true);
    expect((await getAiStatus(adminReader)).endpoints[0]!.models.map((m) => m.name)).not.toContain("slow-cancel:1b");
  });

  it("is for the admin only, and only on Ollama endpoints", async () => {
    await expect(preparePull(reader, { endpointId: "local", name: "gemma3:4b" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(preparePull(admin, { endpointId: "local", name: "bad name!" })).rejects.toMatchObject({ code: "invalid" });
  });
});
