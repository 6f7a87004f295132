// The bench against the Ollama-protocol test server with scripted per-model speeds: the figures
// in the table match what the server was told to do, within 10 %. (Nothing here times Cairn.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { benchReplies } from "@/e2e/support/bench";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeUser } from "@/lib/test/factories";
import { resetCoolDowns } from "../providers";
import { updateAiSettings } from "../settings";
import { benchesSettled, benchOverview, cancelBench, getBenchRun, startBench } from "./runs";
import type { BenchJobResult, BenchRunDto } from "./types";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
let roundTripMs = 0;
const admin = { userId: "system", isAdmin: true };

// Two speeds, far apart: a big slow model and a small quick one.
// Long prompt times, so the HTTP round trip is small beside them.
// Each answer is long enough (1–2 s of writing) that a late timer stays well inside 10 % too.
const SLOW = { tokensPerSecond: 5, loadMs: 1500, promptMs: 1500, tokens: 8 };
const QUICK = { tokensPerSecond: 40, loadMs: 1000, promptMs: 1500, tokens: 40 };

beforeAll(async () => {
  server = await startOllamaServer({
    port: 0,
    models: [{ name: "slow:8b", parameterSize: "8.0B" }, { name: "quick:1b", parameterSize: "1.2B" }, "warm:1b"],
  });
  await updateAiSettings(admin, {
    endpoints: [
      { id: "local", kind: "ollama", name: "Local Ollama", url: server.url },
      { id: "down", kind: "ollama", name: "Closet box", url: "http://127.0.0.1:9" },
    ],
    roles: { main: [{ endpointId: "local", model: "quick:1b" }], fast: [], complex: [], fallback: [] },
    // Roles that unload after each request: the bench still keeps a model in memory between its
    // jobs, so only its first job pays the load.
    keepAlive: { main: "0", fast: "0", complex: "0", fallback: "0" },
    cacheTtlSeconds: 86400,
    firstTokenTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
  });
  // One bench at the server's usual pace first: this process's one-time set-up (the provider's
  // first request, its schemas' first use) is then not counted in the figures compared below.
  server.script("warm:1b", benchReplies());
  const warm = await startBench(admin, { models: [{ endpointId: "local", model: "warm:1b" }] });
  const warmed = (await finished(warm.id)).models[0]!;
  expect(warmed.status).toBe("done");
  // That model answers at once, so its first-token times are Cairn's and the loopback's own round
  // trip on this machine right now: the one allowance the first-token check below gets on top of 10 %.
  roundTripMs = Math.max(...warmed.jobs.map((j) => j.ttftMs ?? 0));
  await db.aiBenchRun.delete({ where: { id: warm.id } });
}, 60_000);
afterAll(async () => {
  await benchesSettled();
  await server.close();
});
beforeEach(async () => {
  await benchesSettled();
  server.reset();
  resetCoolDowns();
});

async function finished(id: string, timeoutMs = 60_000): Promise<BenchRunDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await getBenchRun(admin, id);
    if (run.status !== "running") return run;
    if (Date.now() > until) throw new Error(`bench ${id} still running: ${JSON.stringify(run.progress)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const within = (actual: number | null, expected: number, share = 0.1) => {
  expect(actual).not.toBeNull();
  expect(actual!).toBeGreaterThanOrEqual(expected * (1 - share));
  expect(actual!).toBeLessThanOrEqual(expected * (1 + share));
};

/** What the server was told, for one job: cold only for the model's first call. */
function expectFigures(j: BenchJobResult, speed: typeof SLOW, cold: boolean) {
  const load = cold ? speed.loadMs : 0;
  const perToken = 1000 / speed.tokensPerSecond;
  expect(j.measuredBy).toBe("ollama");
  expect(j.outputTokens).toBe(speed.tokens);
  within(j.tokensPerSecond, speed.tokensPerSecond);
  // Time to first token is Cairn's own measurement from the request, so it carries the round trip too.
  const told = load + speed.promptMs + perToken;
  const toldTotal = load + speed.promptMs + speed.tokens * perToken;
  // On a busy machine the server's own timers fire late; its total_duration (the time it really
  // spent) says by how much, and Cairn's clock cannot be blamed for that part.
  const serverLate = Math.max(0, j.totalMs - toldTotal);
  expect(j.ttftMs!).toBeGreaterThanOrEqual(told * 0.9);
  expect(j.ttftMs!).toBeLessThanOrEqual(told * 1.1 + roundTripMs + serverLate);
  within(j.totalMs, toldTotal);
  if (cold) within(j.loadMs, speed.loadMs);
  else expect(j.loadMs!).toBeLessThan(speed.loadMs * 0.1);
}

describe("model bench", () => {
  it("measures each model at the speed the server was told, one after another; a missing model or a dead endpoint is that model's error", async () => {
    server.setSpeed("slow:8b", SLOW);
    server.setSpeed("quick:1b", QUICK);
    server.script("slow:8b", benchReplies({ tokens: SLOW.tokens }));
    server.script("quick:1b", benchReplies({ tokens: QUICK.tokens, fenced: ["expand"], invalid: ["complexity"] }));

    const started = await startBench(admin, {
      models: [
        { endpointId: "local", model: "slow:8b" },
        { endpointId: "local", model: "ghost:3b" },
        { endpointId: "down", model: "llama3.2" },
        { endpointId: "local", model: "quick:1b" },
      ],
    });
    expect(started.status).toBe("running");
    expect(started.models.map((m) => m.status)).toEqual(["pending", "pending", "pending", "pending"]);
    const run = await finished(started.id);
    expect(run.status).toBe("done");
    const [slow, ghost, down, quick] = run.models;

    expect(slow!.status).toBe("done");
    expect(slow!.parameterSize).toBe("8.0B");
    expect(slow!.jobs.map((j) => [j.job, j.validity, j.attempts])).toEqual([
      ["parse-prd", "first-time", 1],
      ["expand", "first-time", 1],
      ["complexity", "first-time", 1],
    ]);
    slow!.jobs.forEach((j, i) => expectFigures(j, SLOW, i === 0));
    within(slow!.summary!.tokensPerSecond, SLOW.tokensPerSecond);
    within(slow!.summary!.loadMs, SLOW.loadMs);
    expect(slow!.summary).toMatchObject({ valid: 3, firstTime: 3, jobs: 3 });

    expect(ghost).toMatchObject({ status: "failed", jobs: [{ job: "parse-prd", validity: null }] });
    expect(ghost!.error).toMatch(/ghost:3b.*not found/);
    expect(down).toMatchObject({ status: "failed", endpointName: "Closet box" });
    expect(down!.error).toMatch(/Cannot reach Closet box/);

    expect(quick!.status).toBe("done");
    expect(quick!.jobs.map((j) => [j.job, j.validity, j.attempts])).toEqual([
      ["parse-prd", "first-time", 1],
      ["expand", "after-repair", 1],
      ["complexity", "invalid", 2],
    ]);
    expectFigures(quick!.jobs[0]!, QUICK, true);
    expectFigures(quick!.jobs[1]!, QUICK, false);
    expect(quick!.jobs[1]!.repairs).toContain("removed code fence");
    expect(quick!.jobs[2]!.error).toBeTruthy();
    expect(quick!.summary).toMatchObject({ valid: 2, firstTime: 1 });

    // The same prompts and schemas as the real jobs, pinned to the model, never from the cache.
    const chats = server.requestsTo("/api/chat");
    expect(chats.map((c) => (c.body as { model: string }).model)).toEqual([
      "slow:8b",
      "slow:8b",
      "slow:8b",
      "ghost:3b",
      "quick:1b",
      "quick:1b",
      "quick:1b",
      "quick:1b",
    ]);
    expect(JSON.stringify((chats[0]!.body as { format: unknown }).format)).toContain('"testStrategy"');
    const logged = await db.aiRun.findMany({ where: { job: { startsWith: "bench-" } } });
    expect(logged.length).toBeGreaterThanOrEqual(9);

    const overview = await benchOverview(admin);
    expect(overview.runs[0]!.id).toBe(run.id);
    expect(overview.active).toBeNull();
    const byRole = Object.fromEntries(overview.recommendations.map((r) => [r.role, r]));
    expect(byRole.main).toMatchObject({ model: "slow:8b" });
    expect(byRole.fast).toMatchObject({ model: "slow:8b" }); // the only model with 3/3 valid
    expect(byRole.fast!.because).toMatch(/s to first token, valid 3\/3/);
    expect(byRole.fallback).toMatchObject({ model: "quick:1b" });
    expect(overview.method).toMatch(/fast:/);
  }, 120_000);

  it("one run at a time: a second start is refused while one runs; Cancel stops it mid-answer and keeps what was measured", async () => {
    server.setSpeed("slow:8b", { tokensPerSecond: 2, loadMs: 0, promptMs: 0 });
    server.script("slow:8b", benchReplies({ tokens: 40 }));
    const run = await startBench(admin, { models: [{ endpointId: "local", model: "slow:8b" }] });
    const second = await startBench(admin, { models: [{ endpointId: "local", model: "quick:1b" }] }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("conflict");

    // Wait until the model is answering, then cancel.
    for (let i = 0; i < 100 && !server.requestsTo("/api/chat").length; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await benchOverview(admin)).active?.id).toBe(run.id);
    const asked = await cancelBench(admin, run.id);
    expect(asked.cancelRequested).toBe(true);
    const done = await finished(run.id, 10_000);
    expect(done.status).toBe("cancelled");
    expect(done.models[0]!.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requestsTo("/api/chat")[0]!.clientClosed).toBe(true);

    // The slot is free again.
    const next = await startBench(admin, { models: [{ endpointId: "local", model: "ghost:3b" }] });
    expect((await finished(next.id)).models[0]!.status).toBe("failed");
  });

  it("a run whose server died is shown as interrupted and frees the slot", async () => {
    const stale = await db.aiBenchRun.create({
      data: { status: "running", activeSlot: "bench", models: "[]", results: "[]", heartbeatAt: new Date(Date.now() - 120_000) },
    });
    const overview = await benchOverview(admin);
    expect(overview.runs.find((r) => r.id === stale.id)?.status).toBe("interrupted");
    expect(overview.active).toBeNull();
    const run = await startBench(admin, { models: [{ endpointId: "local", model: "ghost:3b" }] });
    await finished(run.id);
  });

  it("only the admin runs or reads the bench; bad input is refused before anything runs", async () => {
    const user = await makeUser();
    await expect(benchOverview(user)).rejects.toMatchObject({ code: "forbidden" });
    await expect(startBench(user, { models: [{ endpointId: "local", model: "quick:1b" }] })).rejects.toMatchObject({ code: "forbidden" });
    await expect(startBench(admin, { models: [] })).rejects.toMatchObject({ code: "invalid" });
    await expect(
      startBench(admin, {
        models: [
          { endpointId: "local", model: "quick:1b" },
          { endpointId: "local", model: "quick:1b" },
        ],
      }),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(startBench(admin, { models: [{ endpointId: "nowhere", model: "quick:1b" }] })).rejects.toMatchObject({ code: "invalid" });
    await expect(getBenchRun(admin, "no-such-run")).rejects.toMatchObject({ code: "not_found" });
    expect((await benchOverview(admin)).active).toBeNull();
  });
});
