// Routing by complexity against the Ollama-protocol test server: which model the request reached,
// what the answer says, and what the run log kept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { db } from "@/lib/db";
import { createTask } from "@/lib/tasks/create-task";
import { makeProject } from "@/lib/test/factories";
import { resetCoolDowns } from "../providers";
import { readAiSettings, updateAiSettings } from "../settings";
import { analyzeComplexity } from "./analyze-complexity";
import { expand } from "./expand";
import { parsePrd } from "./parse-prd";
import type { ExpandResult } from "./types";
import { updateTasks } from "./update";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const link = (model: string, endpointId = "local") => ({ endpointId, model });

const SUBTASKS = JSON.stringify({
  subtasks: [{ id: 1, title: "One step", description: "d", details: "x", testStrategy: "t", dependencies: [] }],
});

async function configure(complex: string[], extra: Record<string, unknown> = {}) {
  await updateAiSettings(admin, {
    endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: server.url }],
    roles: { main: [link("llama3.2")], fast: [link("llama3.2")], complex: complex.map((m) => link(m)), fallback: [] },
    cacheTtlSeconds: 0,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    complexityThreshold: 7,
    ...extra,
  });
}

async function projectWithScores(scores: (number | null)[]) {
  const { actor, projectId } = await makeProject();
  for (const [i, score] of scores.entries()) {
    const t = await createTask(actor, projectId, { title: `Task ${i + 1}`, description: "Something to do." });
    if (score !== null) await db.task.update({ where: { id: t.id }, data: { complexity: score } });
  }
  return { actor, projectId };
}

const modelsAsked = () => server.requestsTo("/api/chat").map((r) => (r.body as { model: string }).model);
const lastRun = () => db.aiRun.findFirstOrThrow({ orderBy: { createdAt: "desc" } });

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0 } } as never);
});
afterAll(async () => {
  await configure([]);
  await server.close();
});
beforeEach(() => {
  server.reset();
  resetCoolDowns();
});

describe("routing by complexity", () => {
  it("expands a task scored at the threshold with the complex model, and records why", async () => {
    await configure(["qwen3:8b"]);
    server.script("qwen3:8b", { content: SUBTASKS });
    const { actor, projectId } = await projectWithScores([7]);
    const r = (await expand(actor, projectId, { ref: "1" })) as ExpandResult;
    expect(modelsAsked()).toEqual(["qwen3:8b"]);
    expect(r).toMatchObject({ model: "qwen3:8b", role: "complex", routedBecause: "complexity 7 ≥ 7 → complex", external: false });
    const run = await lastRun();
    expect(run).toMatchObject({ job: "expand", model: "qwen3:8b", role: "complex", routedBecause: "complexity 7 ≥ 7 → complex" });
  });

  it("keeps a task scored below the threshold, or never scored, on main", async () => {
    await configure(["qwen3:8b"]);
    server.script("llama3.2", { content: SUBTASKS });
    server.script("llama3.2", { content: SUBTASKS });
    const { actor, projectId } = await projectWithScores([6, null]);
    const below = (await expand(actor, projectId, { ref: "1" })) as ExpandResult;
    const unscored = (await expand(actor, projectId, { ref: "2" })) as ExpandResult;
    expect(modelsAsked()).toEqual(["llama3.2", "llama3.2"]);
    expect([below.role, below.routedBecause]).toEqual(["main", "complexity 6 < 7 → main"]);
    expect([unscored.role, unscored.routedBecause]).toEqual(["main", "no complexity score → main"]);
  });

  it("falls back to the usual role when no complex model is configured, and says so", async () => {
    await configure([]);
    server.script("llama3.2", { content: JSON.stringify({ tasks: [{ id: "1", description: "Sharper." }] }) });
    const { actor, projectId } = await projectWithScores([9]);
    const r = await updateTasks(actor, projectId, { ref: "1", prompt: "Make it sharper." });
    expect(modelsAsked()).toEqual(["llama3.2"]);
    expect(r).toMatchObject({ role: "fast", routedBecause: "complexity 9 ≥ 7, but no complex model is configured → fast" });
    expect((await lastRun()).routedBecause).toBe("complexity 9 ≥ 7, but no complex model is configured → fast");
  });

  it("updates a complex task with the complex model; the threshold setting moves the line", async () => {
    await configure(["qwen3:8b"], { complexityThreshold: 9 });
    server.script("llama3.2", { content: JSON.stringify({ tasks: [{ id: "1", description: "Sharper." }] }) });
    const { actor, projectId } = await projectWithScores([8]);
    expect(await updateTasks(actor, projectId, { ref: "1", prompt: "Make it sharper." })).toMatchObject({
      role: "fast",
      routedBecause: "complexity 8 < 9 → fast",
    });
    await configure(["qwen3:8b"], { complexityThreshold: 8 });
    server.script("qwen3:8b", { content: JSON.stringify({ tasks: [{ id: "1", description: "Sharper." }] }) });
    expect(await updateTasks(actor, projectId, { ref: "1", prompt: "Make it sharper." })).toMatchObject({
      role: "complex",
      model: "qwen3:8b",
      routedBecause: "complexity 8 ≥ 8 → complex",
    });
    expect(modelsAsked()).toEqual(["llama3.2", "qwen3:8b"]);
  });

  it("analyses a whole project with complex, chosen tasks with main", async () => {
    await configure(["qwen3:8b"]);
    const analysis = (refs: string[]) =>
      JSON.stringify({
        tasks: refs.map((taskId) => ({ taskId, complexityScore: 5, recommendedSubtasks: 3, expansionPrompt: "p", reasoning: "r" })),
      });
    server.script("qwen3:8b", { content: analysis(["1", "2"]) });
    server.script("llama3.2", { content: analysis(["1"]) });
    const { actor, projectId } = await projectWithScores([null, null]);
    const whole = await analyzeComplexity(actor, projectId, {});
    const chosen = await analyzeComplexity(actor, projectId, { refs: ["1"] });
    expect(modelsAsked()).toEqual(["qwen3:8b", "llama3.2"]);
    expect([whole.role, whole.routedBecause]).toEqual(["complex", "whole project → complex"]);
    expect([chosen.role, chosen.routedBecause]).toEqual(["main", "chosen tasks only → main"]);
  });

  it("parses a PRD over the token size with complex, a short one with main", async () => {
    await configure(["qwen3:8b"]);
    const plan = JSON.stringify({
      tasks: [{ id: 1, title: "Build it", description: "d", details: "x", testStrategy: "t", priority: "medium", dependencies: [] }],
    });
    server.script("llama3.2", { content: plan });
    server.script("qwen3:8b", { content: plan });
    const { actor, projectId } = await projectWithScores([]);
    const short = await parsePrd(actor, projectId, { prd: "A small app that tracks chores. ".repeat(20) });
    const long = await parsePrd(actor, projectId, { prd: "A large app that tracks chores for every household. ".repeat(600) });
    expect(modelsAsked()).toEqual(["llama3.2", "qwen3:8b"]);
    expect(short.role).toBe("main");
    expect(short.routedBecause).toMatch(/^PRD ≈ 160 tokens ≤ 6,000 → main$/);
    expect(long.role).toBe("complex");
    expect(long.routedBecause).toMatch(/^PRD ≈ 7,800 tokens > 6,000 → complex$/);
  });
});

describe("external endpoints", () => {
  it("marks a role whose chain can reach outside the network, in settings and in its answers; defaults stay local", async () => {
    await updateAiSettings(admin, {
      endpoints: [
        { id: "local", kind: "ollama", name: "Local Ollama", url: server.url },
        { id: "cloud", kind: "openai", name: "Cloud", url: "https://llm.example.com/v1" },
      ],
      roles: { main: [link("llama3.2")], fast: [], complex: [link("qwen3:8b"), link("big-model", "cloud")], fallback: [] },
      cacheTtlSeconds: 0,
      complexityThreshold: 7,
    });
    const s = await readAiSettings();
    expect(s.external).toEqual({ main: false, fast: false, complex: true, fallback: false });
    // fast has no models of its own, so it takes main's: the local endpoint, never the external one.
    expect(s.roles.fast).toEqual([link("llama3.2")]);
    server.script("qwen3:8b", { content: SUBTASKS });
    const { actor, projectId } = await projectWithScores([8]);
    const r = (await expand(actor, projectId, { ref: "1" })) as ExpandResult;
    expect(r).toMatchObject({ role: "complex", model: "qwen3:8b", external: true });
  });

  it("never defaults to an external endpoint", async () => {
    await updateAiSettings(admin, {
      endpoints: [{ id: "cloud", kind: "ollama", name: "Cloud Ollama", url: "https://ollama.example.com" }],
      roles: { main: [], fast: [], complex: [], fallback: [] },
    });
    const s = await readAiSettings();
    expect(s.roles.main).toEqual([]);
    expect(s.external.main).toBe(false);
  });
});
