// Keeping models warm and making a planner model, against the Ollama-protocol test server:
// keep_alive is sent per role and shows in /api/ps; Load now and Unload; create → listed,
// delete → gone, a failed create changes nothing in Cairn.
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { createModelsAndDrain } from "./create-model.test-support";
import { deleteModel } from "./delete-model";
import { runStructured } from "./engine";
import { keepAliveWire } from "./keep-alive";
import { loadModelNow, unloadModelNow } from "./keep-warm";
import { forgetModelFacts } from "./model-facts";
import { listModels } from "./ollama-admin";
import { proposeModelfile } from "./modelfile";
import { resetCoolDowns } from "./providers";
import { readAiSettings, updateAiSettings } from "./settings";
import { testModel } from "./test-model";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const member = { userId: "someone", isAdmin: false };
const endpoint = () => ({ id: "local", kind: "ollama" as const, name: "Local Ollama", url: server.url });

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0, pullDelayMs: 1 } } as never);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  server.setModels([
    { name: "main-model:3b", contextLength: 32768, capabilities: ["completion", "tools"] },
    { name: "fast-model:1b", contextLength: 4096, capabilities: ["completion"] },
    { name: "spare-model:1b", contextLength: 8192, capabilities: ["completion"] },
  ]);
  forgetModelFacts();
  resetCoolDowns();
  await updateAiSettings(admin, {
    endpoints: [endpoint()],
    roles: {
      main: [{ endpointId: "local", model: "main-model:3b" }],
      fast: [{ endpointId: "local", model: "fast-model:1b" }],
      complex: [],
      fallback: [{ endpointId: "local", model: "spare-model:1b" }],
    },
    numCtx: 16384,
    cacheTtlSeconds: 0,
    keepAlive: { main: "30m", fast: "-1", complex: null, fallback: "0" },
  });
});

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const ps = async () =>
  ((await (await fetch(`${server.url}/api/ps`)).json()) as { models: { name: string; expires_at: string; context_length: number }[] })
    .models;
const minutesLeft = (iso: string) => (Date.parse(iso) - Date.now()) / 60_000;

function job(role: "main" | "fast", token: string) {
  return runStructured({
    job: "test",
    role,
    system: "s",
    prompt: `p ${token}`,
    schema: { type: "object" },
    normalize: (v) => ({ value: v, warnings: [] }),
  });
}

describe("keep_alive per role", () => {
  it("is sent on every request of the role, and Ollama keeps the model that long", async () => {
    server.script("main-model:3b", { content: '{"ok": true}' });
    server.script("fast-model:1b", { content: '{"ok": true}' });
    await job("main", "a");
    await job("fast", "b");
    const bodies = server.requestsTo("/api/chat").map((r) => r.body as { model: string; keep_alive?: unknown });
    expect(bodies.map((b) => [b.model, b.keep_alive])).toEqual([
      ["main-model:3b", "30m"],
      // "-1" goes out as a number: Ollama's duration parser refuses a unitless string.
      ["fast-model:1b", -1],
    ]);
    const loaded = Object.fromEntries((await ps()).map((m) => [m.name, m.expires_at]));
    expect(minutesLeft(loaded["main-model:3b"]!)).toBeGreaterThan(29);
    expect(minutesLeft(loaded["main-model:3b"]!)).toBeLessThanOrEqual(30);
    expect(new Date(loaded["fast-model:1b"]!).getUTCFullYear()).toBeGreaterThan(2200);
  });

  it("a fallback link is sent with the fallback chain's keep-alive (here 0: unloaded after the answer)", async () => {
    server.script("main-model:3b", { status: 500, error: "CUDA error: out of memory" });
    server.script("spare-model:1b", { content: '{"ok": true}' });
    const answer = await job("main", "c");
    expect(answer.model).toBe("spare-model:1b");
    const spare = server.requestsTo("/api/chat").find((r) => (r.body as { model: string }).model === "spare-model:1b")!;
    expect((spare.body as { keep_alive: unknown }).keep_alive).toBe(0);
    expect((await ps()).map((m) => m.name)).not.toContain("spare-model:1b");
  });

  it("no setting sends no keep_alive (Ollama's default applies), and a role's Test sends the role's", async () => {
    await updateAiSettings(admin, { keepAlive: { main: null } });
    server.script("main-model:3b", { content: '{"ok": true}' });
    await job("main", "d");
    expect(server.requestsTo("/api/chat").at(-1)!.body).not.toHaveProperty("keep_alive");
    await testModel(admin, { role: "fast" });
    const probe = server.requestsTo("/api/chat").at(-1)!.body as { keep_alive: unknown; options: { num_ctx: number } };
    expect(probe.keep_alive).toBe(-1);
    // The test probe keeps to the model's context window like every job.
    expect(probe.options.num_ctx).toBe(4096);
  });

  it("wire values: durations stay strings, whole seconds become numbers", () => {
    expect([keepAliveWire("30m"), keepAliveWire("-1"), keepAliveWire("0"), keepAliveWire(""), keepAliveWire(undefined)]).toEqual([
      "30m",
      -1,
      0,
      undefined,
      undefined,
    ]);
  });
});

describe("Load now and Unload", () => {
  it("loads a role's model with its keep-alive and the context size jobs send, then unloads it", async () => {
    const loaded = await loadModelNow(admin, { role: "main" });
    expect(loaded).toMatchObject({ action: "load", model: "main-model:3b", role: "main", keepAlive: "30m" });
    const gen = server.requestsTo("/api/generate").at(-1)!.body;
    expect(gen).toEqual({ model: "main-model:3b", prompt: "", stream: false, keep_alive: "30m", options: { num_ctx: 16384 } });
    // The answer carries /api/ps as it is right after.
    expect(loaded.loaded).toEqual([expect.objectContaining({ name: "main-model:3b", contextLength: 16384 })]);
    expect(minutesLeft(loaded.loaded[0]!.expiresAt!)).toBeGreaterThan(29);

    const small = await loadModelNow(admin, { role: "fast" });
    expect(small.loaded.find((m) => m.name === "fast-model:1b")?.contextLength).toBe(4096);

    const unloaded = await unloadModelNow(admin, { endpointId: "local", model: "main-model:3b" });
    expect(unloaded).toMatchObject({ action: "unload", role: "main", keepAlive: null });
    expect((server.requestsTo("/api/generate").at(-1)!.body as { keep_alive: unknown }).keep_alive).toBe(0);
    expect(unloaded.loaded.map((m) => m.name)).toEqual(["fast-model:1b"]);
    expect((await ps()).map((m) => m.name)).toEqual(["fast-model:1b"]);
  });

  it("is the admin's; a model that is not installed and a dead server are said plainly", async () => {
    await expect(loadModelNow(member, { role: "main" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(loadModelNow(admin, { endpointId: "local", model: "gone:1b" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("gone:1b is not installed"),
    });
    await updateAiSettings(admin, { endpoints: [{ ...endpoint(), url: `http://127.0.0.1:${await closedPort()}` }] });
    await expect(loadModelNow(admin, { role: "main" })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("Is Ollama running?"),
    });
  });
});

describe("a planner model", () => {
  const modelfile = (base = "main-model:3b", numCtx = 8192) =>
    proposeModelfile({ base, contextLength: null, numCtx, temperature: 0.2 }).replace(
      "PARAMETER num_ctx 8192",
      `PARAMETER num_ctx ${numCtx}`,
    );

  it("is created from the proposed Modelfile with its status lines, then listed; delete → gone", async () => {
    const { updates, result } = await createModelsAndDrain(admin, { endpointId: "local", name: "cairn-planner", modelfile: modelfile() });
    expect(result).toEqual({ endpointId: "local", model: "cairn-planner", from: "main-model:3b", status: "success" });
    expect(updates.at(-1)).toEqual({ status: "success", step: updates.length });
    expect(updates.map((u) => u.status)).toContain("writing manifest");
    // What Ollama got: the parsed Modelfile, typed as /api/create takes it.
    const body = server.requestsTo("/api/create")[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: "cairn-planner",
      from: "main-model:3b",
      stream: true,
      parameters: { temperature: 0.2, num_ctx: 8192, top_p: 0.9, repeat_penalty: 1.1 },
    });
    expect(body.system).toMatch(/^You are Cairn's planning model/);
    expect((await listModels(server.url)).map((m) => m.name)).toContain("cairn-planner:latest");

    const deleted = await deleteModel(admin, { endpointId: "local", name: "cairn-planner" });
    expect(deleted).toEqual({ endpointId: "local", model: "cairn-planner", deleted: true, usedBy: [] });
    expect((await listModels(server.url)).map((m) => m.name)).not.toContain("cairn-planner:latest");
    await expect(deleteModel(admin, { endpointId: "local", name: "cairn-planner" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a failed create changes nothing in Cairn and says why; refusals come before Ollama is asked", async () => {
    const before = await readAiSettings();
    server.script("cairn-planner", { error: "write manifest: no space left on device", afterChunks: 2 });
    await expect(createModelsAndDrain(admin, { endpointId: "local", name: "cairn-planner", modelfile: modelfile() })).rejects.toMatchObject(
      {
        code: "bad_gateway",
        message: "Ollama could not create cairn-planner: write manifest: no space left on device",
      },
    );
    expect(await readAiSettings()).toEqual(before);
    expect((await listModels(server.url)).map((m) => m.name)).not.toContain("cairn-planner:latest");

    const creates = server.requestsTo("/api/create").length;
    // num_ctx above the base model's window (32,768) is refused, never sent.
    await expect(
      createModelsAndDrain(admin, { endpointId: "local", name: "cairn-planner", modelfile: modelfile("main-model:3b", 65536) }),
    ).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("num_ctx 65536 is more than main-model:3b can hold") });
    await expect(
      createModelsAndDrain(admin, { endpointId: "local", name: "cairn-planner", modelfile: modelfile("not-here:7b") }),
    ).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("not-here:7b is not installed") });
    await expect(createModelsAndDrain(admin, { endpointId: "local", name: "fast-model:1b", modelfile: modelfile() })).rejects.toMatchObject(
      { code: "conflict" },
    );
    await expect(
      createModelsAndDrain(admin, { endpointId: "local", name: "x", modelfile: "SYSTEM hi\nPARAMETER typical_p 0.5" }),
    ).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/typical_p.*FROM line/s) });
    await expect(createModelsAndDrain(member, { endpointId: "local", name: "x", modelfile: modelfile() })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(server.requestsTo("/api/create")).toHaveLength(creates);
    expect(await readAiSettings()).toEqual(before);
  });

  it("with Ollama down, create and delete say so plainly", async () => {
    await updateAiSettings(admin, { endpoints: [{ ...endpoint(), url: `http://127.0.0.1:${await closedPort()}` }] });
    const down = { code: "unavailable", message: expect.stringContaining("Is Ollama running?") };
    await expect(createModelsAndDrain(admin, { endpointId: "local", name: "cairn-planner", modelfile: modelfile() })).rejects.toMatchObject(
      down,
    );
    await expect(deleteModel(admin, { endpointId: "local", name: "main-model:3b" })).rejects.toMatchObject(down);
  });

  it("deleting a model a role uses says which roles still name it, and leaves the settings alone", async () => {
    const deleted = await deleteModel(admin, { endpointId: "local", name: "fast-model:1b" });
    expect(deleted.usedBy).toEqual(["fast"]);
    expect((await readAiSettings()).roles.fast).toEqual([{ endpointId: "local", model: "fast-model:1b" }]);
  });
});
