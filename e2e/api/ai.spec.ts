import { test } from "@playwright/test";
import { expect, newProject, newUser, ok } from "../support/api";

// The app under test talks to the Ollama-protocol test server (OLLAMA_BASE_URL, set by `npm test`).
const ollama = `http://127.0.0.1:${process.env.CAIRN_TEST_OLLAMA_PORT ?? "11555"}`;
const PLAN = JSON.stringify({
  tasks: [
    { id: 1, title: "Provision the VM", description: "Debian 12", details: "", testStrategy: "ssh works", priority: "high", dependencies: [] },
    { id: 2, title: "Install Ollama", description: "Service + model", details: "", testStrategy: "curl /api/version", priority: "medium", dependencies: [1] },
  ],
});

async function script(reply: Record<string, unknown>) {
  const res = await fetch(`${ollama}/__control/script`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "llama3.2", reply }) });
  expect(res.status).toBe(200);
}

test.describe.configure({ mode: "serial" });

test("parse a PRD over REST: a draft first, then apply writes the plan", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const prd = `Home lab: provision a VM and run Ollama on it. (${Date.now()})`;
  await script({ content: PLAN });
  const draft = await ok(await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, { headers: user.headers, data: { prd } }));
  expect(draft.draft.map((t: { title: string }) => t.title)).toEqual(["Provision the VM", "Install Ollama"]);
  expect(draft.model).toBe("llama3.2");
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(0);
  await script({ content: PLAN });
  const applied = await ok(await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, { headers: user.headers, data: { prd: `${prd} apply`, apply: true } }));
  expect(applied.applied.map((t: { ref: string; dependencies: string[] }) => [t.ref, t.dependencies])).toEqual([["1", []], ["2", ["1"]]]);
});

test("the same job streams partial plans and the result as server-sent events", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await script({ content: PLAN.match(/.{1,25}/g), delayMs: 30 });
  const res = await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, {
    headers: { ...user.headers, accept: "text/event-stream" },
    data: { prd: `Stream this plan please, it is a home lab. (${Date.now()})` },
  });
  expect(res.headers()["content-type"]).toContain("text/event-stream");
  const events = (await res.text()).split("\n\n").filter(Boolean).map((block) => block.match(/^event: (\w+)/)?.[1]);
  expect(events[0]).toBe("model");
  expect(events.filter((e) => e === "partial").length).toBeGreaterThan(1);
  expect(events.at(-1)).toBe("result");
});

test("a broken stream answers 502 with a plain message and writes nothing", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await script({ fault: "error-line-mid-stream", content: PLAN.match(/.{1,25}/g), afterChunks: 2 });
  const res = await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, { headers: user.headers, data: { prd: `Broken please, for the home lab. (${Date.now()})`, apply: true } });
  expect(res.status()).toBe(502);
  const body = await res.json();
  expect(body.error.message).toMatch(/incomplete.*Nothing was written/);
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(0);
  expect((await request.post(`/api/v1/projects/${projectId}/ai/summarise`, { headers: user.headers, data: {} })).status()).toBe(404);
});
