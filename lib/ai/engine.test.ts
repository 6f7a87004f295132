import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeProject } from "@/lib/test/factories";
import { parsePrd } from "./jobs/parse-prd";
import { resetCoolDowns } from "./providers";
import { updateAiSettings } from "./settings";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const PRD = "A small web app where a team records expenses, uploads receipts and exports a monthly CSV.";
const PLAN = JSON.stringify({
  tasks: [
    {
      id: 1,
      title: "Set up the project",
      description: "Repo and tooling",
      details: "Next.js",
      testStrategy: "CI passes",
      priority: "high",
      dependencies: [],
    },
    {
      id: 2,
      title: "Expense form",
      description: "Record an expense",
      details: "",
      testStrategy: "e2e",
      priority: "medium",
      dependencies: [1],
    },
    { id: 3, title: "CSV export", description: "Monthly export", details: "", testStrategy: "unit", priority: "low", dependencies: [2] },
  ],
});

async function configure(
  main: string[],
  fallback: string[] = [],
  extra: Record<string, unknown> = {},
  endpoints?: { id: string; url: string }[],
) {
  const eps = endpoints ?? [{ id: "local", url: server.url }];
  await updateAiSettings(admin, {
    endpoints: eps.map((e) => ({ id: e.id, kind: "ollama", name: e.id === "local" ? "Local Ollama" : e.id, url: e.url })),
    roles: {
      main: main.map((m) => ({ endpointId: m.includes("@") ? m.split("@")[1]! : eps[0]!.id, model: m.split("@")[0]! })),
      fast: [],
      fallback: fallback.map((m) => ({ endpointId: m.includes("@") ? m.split("@")[1]! : eps[0]!.id, model: m.split("@")[0]! })),
    },
    cacheTtlSeconds: 0,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const runsSince = (t: Date) => db.aiRun.findMany({ where: { createdAt: { gte: t } }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 1 } } as never);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  resetCoolDowns();
});

describe("parse PRD against an Ollama-protocol server", () => {
  it("drafts a plan without writing, sends the schema as format and options where Ollama reads them", async () => {
    await configure(["llama3.2"], [], { numCtx: 4096, temperature: 0.3 });
    server.script("llama3.2", { content: PLAN.match(/.{1,40}/g)!, delayMs: 40 });
    const { actor, projectId } = await makeProject();
    const partials: unknown[] = [];
    const r = await parsePrd(actor, projectId, { prd: PRD }, { onPartial: (p) => partials.push(p) });
    expect(r.draft.map((t) => [t.draftId, t.title, t.dependencies])).toEqual([
      [1, "Set up the project", []],
      [2, "Expense form", [1]],
      [3, "CSV export", [2]],
    ]);
    expect(r.model).toBe("llama3.2");
    expect(partials.length).toBeGreaterThan(1);
    expect(await db.task.count({ where: { projectId } })).toBe(0);
    const [req] = server.requestsTo("/api/chat");
    const body = req!.body as { format: { properties: { tasks: unknown } }; options: Record<string, number>; stream: boolean };
    expect(body.format.properties.tasks).toBeDefined();
    expect(body.options).toMatchObject({ num_ctx: 4096, temperature: 0.3 });
    expect(body.stream).toBe(true);
  });

  it("apply writes the whole plan in one go, with dependencies mapped to real refs", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: PLAN });
    const { actor, projectId } = await makeProject();
    await db.task.create({ data: { projectId, number: 1, title: "Existing", rank: "a0" } }).catch(() => null);
    await db.project.update({ where: { id: projectId }, data: { nextNumber: 2, revision: { increment: 1 } } });
    const r = await parsePrd(actor, projectId, { prd: PRD, apply: true });
    expect(r.applied!.map((t) => [t.ref, t.title, t.dependencies, t.source])).toEqual([
      ["2", "Set up the project", [], "ai"],
      ["3", "Expense form", ["2"], "ai"],
      ["4", "CSV export", ["3"], "ai"],
    ]);
  });

  it("repairs a thinking block and a code fence around the JSON", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: `<think>\nThe user wants tasks.\n</think>\n\`\`\`json\n${PLAN}\n\`\`\`` });
    const { actor, projectId } = await makeProject();
    expect((await parsePrd(actor, projectId, { prd: PRD })).draft).toHaveLength(3);
  });

  it("retries once with the problem when the JSON is unusable, then succeeds", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: '{"tasks": []}' });
    server.script("llama3.2", { content: PLAN });
    const t0 = new Date();
    const { actor, projectId } = await makeProject();
    const r = await parsePrd(actor, projectId, { prd: PRD });
    expect(r.draft).toHaveLength(3);
    const chats = server.requestsTo("/api/chat");
    expect(chats).toHaveLength(2);
    const second = (chats[1]!.body as { messages: { role: string; content: string }[] }).messages;
    expect(second.at(-1)!.content).toContain("could not be used");
    expect((await runsSince(t0)).map((x) => x.outcome)).toEqual(["invalid", "ok"]);
  });

  it.each([
    ["http-500", "HTTP 500"],
    ["http-503-busy", "HTTP 503"],
    ["404-model-not-found", "not found"],
    ["http-429", "HTTP 429"],
  ])("%s on the main model falls back to the next model before any token", async (fault, text) => {
    await configure([`fault-${fault}`], ["llama3.2"]);
    server.script("llama3.2", { content: PLAN });
    const t0 = new Date();
    const { actor, projectId } = await makeProject();
    const models: string[] = [];
    const r = await parsePrd(actor, projectId, { prd: PRD }, { onModel: (m) => models.push(m.model) });
    expect(r.model).toBe("llama3.2");
    expect(models).toEqual([`fault-${fault}`, "llama3.2"]);
    const runs = await runsSince(t0);
    expect(runs.map((x) => [x.model, x.outcome])).toEqual([
      [`fault-${fault}`, "error"],
      ["llama3.2", "ok"],
    ]);
    expect(runs[0]!.error).toContain(text);
  });

  it("a refused connection falls back to another endpoint, which is then tried first while the dead one cools down", async () => {
    const closed = "http://127.0.0.1:9"; // discard port: nothing listens
    await configure(["llama3.2@dead"], ["llama3.2@local"], {}, [
      { id: "dead", url: closed },
      { id: "local", url: server.url },
    ]);
    server.script("llama3.2", { content: PLAN });
    server.script("llama3.2", { content: PLAN });
    const { actor, projectId } = await makeProject();
    const t0 = new Date();
    expect((await parsePrd(actor, projectId, { prd: PRD })).endpoint).toBe("Local Ollama");
    const models: string[] = [];
    await parsePrd(actor, projectId, { prd: `${PRD} Again.` }, { onModel: (m) => models.push(m.endpoint) });
    expect(models).toEqual(["Local Ollama"]);
    const runs = await runsSince(t0);
    expect(runs[0]!.error).toMatch(/Cannot reach dead/);
  });

  it("with no reachable model the job says so plainly (503) and writes nothing", async () => {
    await configure(["llama3.2@dead"], [], {}, [{ id: "dead", url: "http://127.0.0.1:9" }]);
    const { actor, projectId } = await makeProject();
    const e = await failure(parsePrd(actor, projectId, { prd: PRD, apply: true }));
    expect(e.code).toBe("unavailable");
    expect(e.status).toBe(503);
    expect(e.message).toMatch(
      /^No AI model could be reached\. Cannot reach dead at http:\/\/127\.0\.0\.1:9\. Is Ollama running there\? Nothing was written\.$/,
    );
    expect(await db.task.count({ where: { projectId } })).toBe(0);
  });

  it("a model that never answers times out (first token) and falls back", async () => {
    await configure(["fault-hang-before-headers"], ["llama3.2"], { firstTokenTimeoutMs: 1_000 });
    server.script("llama3.2", { content: PLAN });
    const { actor, projectId } = await makeProject();
    const t = performance.now();
    const r = await parsePrd(actor, projectId, { prd: PRD });
    expect(r.model).toBe("llama3.2");
    expect(performance.now() - t).toBeLessThan(4_000);
  });

  it.each([
    ["error-line-mid-stream", "bad_gateway", /incomplete: the stream did not end cleanly/],
    ["no-done-chunk", "bad_gateway", /incomplete/],
    ["context-truncated", "bad_gateway", /ran out of room/],
    ["disconnect-mid-stream", "bad_gateway", /broke off mid-stream/],
  ] as const)("%s is never applied: %s, nothing written", async (fault, code, message) => {
    await configure(["llama3.2"], ["qwen3:8b"]);
    server.script("llama3.2", { fault, content: PLAN.match(/.{1,30}/g)!, afterChunks: 3 });
    const { actor, projectId } = await makeProject();
    const e = await failure(parsePrd(actor, projectId, { prd: PRD, apply: true }));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).toContain("Nothing was written");
    expect(await db.task.count({ where: { projectId } })).toBe(0);
    // Mid-stream failures are reported, not silently retried on another model.
    expect(server.requestsTo("/api/chat").map((r) => (r.body as { model: string }).model)).toEqual(["llama3.2"]);
  });

  it("a stream that stalls mid-answer times out (idle) and writes nothing", async () => {
    await configure(["llama3.2"], [], { idleTimeoutMs: 1_000 });
    server.script("llama3.2", { fault: "hang-mid-stream", content: PLAN.match(/.{1,30}/g)!, afterChunks: 2 });
    const { actor, projectId } = await makeProject();
    const e = await failure(parsePrd(actor, projectId, { prd: PRD, apply: true }));
    expect(e.code).toBe("timeout");
    expect(e.message).toMatch(/stopped sending tokens/);
    expect(await db.task.count({ where: { projectId } })).toBe(0);
  });

  it("Stop aborts the upstream request and writes nothing", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: PLAN.match(/.{1,10}/g)!, delayMs: 100 });
    const { actor, projectId } = await makeProject();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 400);
    const e = await failure(parsePrd(actor, projectId, { prd: PRD, apply: true }, { signal: stop.signal }));
    expect(e.message).toBe("Stopped: nothing was written.");
    expect(await db.task.count({ where: { projectId } })).toBe(0);
    await expect.poll(() => server.requestsTo("/api/chat")[0]?.clientClosed, { timeout: 2_000 }).toBe(true);
  });

  it("a slow first token within the budget still succeeds", async () => {
    await configure(["llama3.2"], [], { firstTokenTimeoutMs: 3_000 });
    server.script("llama3.2", { content: PLAN, firstTokenDelayMs: 800 });
    const { actor, projectId } = await makeProject();
    expect((await parsePrd(actor, projectId, { prd: PRD })).draft).toHaveLength(3);
  });

  it("identical requests within the TTL come from the cache, logged as cache hits", async () => {
    await configure(["llama3.2"], [], { cacheTtlSeconds: 600 });
    server.script("llama3.2", { content: PLAN });
    const { actor, projectId } = await makeProject();
    const prd = `${PRD} Cache me ${Date.now()}.`;
    const first = await parsePrd(actor, projectId, { prd });
    const t0 = new Date();
    const second = await parsePrd(actor, projectId, { prd });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.draft).toEqual(first.draft);
    expect(server.requestsTo("/api/chat")).toHaveLength(1);
    expect((await runsSince(t0)).map((r) => r.cacheHit)).toEqual([true]);
  });

  it("bad input is refused before any model call", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await makeProject();
    expect((await failure(parsePrd(actor, projectId, { prd: "short" }))).code).toBe("invalid");
    expect((await failure(parsePrd(actor, projectId, { prd: PRD, numTasks: 0 }))).code).toBe("invalid");
    expect(server.requestsTo("/api/chat")).toHaveLength(0);
  });

  it("a garbage line inside the stream is skipped; whatever is left is repaired or refused, never half-applied", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { fault: "malformed-ndjson-line", content: PLAN.match(/.{1,30}/g)!, afterChunks: 2 });
    const { actor, projectId } = await makeProject();
    const outcome = await parsePrd(actor, projectId, { prd: PRD, apply: true }).then(
      (r) => ({ ok: true as const, r }),
      (e: AppError) => ({ ok: false as const, e }),
    );
    const written = await db.task.count({ where: { projectId } });
    if (outcome.ok) {
      // Recovered: then every written task is a complete, validated one.
      expect(written).toBe(outcome.r.applied!.length);
      expect(outcome.r.applied!.every((t) => t.title.length > 0)).toBe(true);
    } else {
      expect(outcome.e.code).toBe("bad_gateway");
      expect(outcome.e.message).toContain("Nothing was written");
      expect(written).toBe(0);
    }
  });
});
