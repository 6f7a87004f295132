import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, ok, tokenFor, type TestUser } from "../support/api";
import { ADMIN_EMAIL } from "../support/security";
import { script, TWO_TASK_PLAN } from "../support/ollama";

// Every AI route a member may call, against the Ollama-protocol test server: each answer is
// checked against the OpenAPI document by the contract fixture. The replies are scripted on the
// default model, matched by a token in the prompt, so they reach only these requests.
test.describe.configure({ mode: "serial" });

const PLAN = JSON.stringify(TWO_TASK_PLAN);

async function project(request: Parameters<typeof newUser>[0]) {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  return { user, projectId, url: `/api/v1/projects/${projectId}/ai` };
}

test("a plan from a PRD: a draft, the same as server-sent events, accepted with 201; a broken stream is a 502", async ({ request }) => {
  const { user, projectId, url } = await project(request);
  const prd = `Home lab: provision a VM and run Ollama on it. (${await script({ content: PLAN })})`;
  const draft = await ok(await request.post(`${url}/parse-prd`, { headers: user.headers, data: { prd } }));
  expect(draft.draft.map((t: { title: string }) => t.title)).toEqual(["Provision the VM", "Install Ollama"]);

  const streamed = await request.post(`${url}/parse-prd`, {
    headers: { ...user.headers, accept: "text/event-stream" },
    data: { prd: `Stream it, same home lab. (${await script({ content: PLAN.match(/.{1,40}/g) })})` },
  });
  expect(streamed.status()).toBe(200);
  expect(await streamed.text()).toContain("event: result");

  const accepted = await ok(await request.post(`${url}/parse-prd/accept`, { headers: user.headers, data: { tasks: draft.draft } }), 201);
  expect(accepted.applied.map((t: { ref: string; dependencies: string[] }) => [t.ref, t.dependencies])).toEqual([
    ["1", []],
    ["2", ["1"]],
  ]);

  const broken = await script({ fault: "error-line-mid-stream", content: PLAN.match(/.{1,25}/g), afterChunks: 2 });
  const res = await request.post(`${url}/parse-prd`, {
    headers: user.headers,
    data: { prd: `Broken please, for the home lab. (${broken})`, apply: true },
  });
  expect(res.status()).toBe(502);
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(2);
});

test("complexity, expansion, updates and a new task: each draft, then accepted with 201", async ({ request }) => {
  const { user, projectId, url } = await project(request);
  const complexity = await script({
    content: JSON.stringify({
      tasks: [
        { taskId: "1", complexityScore: 8, recommendedSubtasks: 2, expansionPrompt: "Split by layer", reasoning: "Many moving parts" },
        { taskId: "2", complexityScore: 2, recommendedSubtasks: 0, expansionPrompt: "", reasoning: "Small" },
      ],
    }),
  });
  const expansion = await script({
    content: JSON.stringify({
      subtasks: [
        { id: 1, title: "Schema", description: "Tables", details: "", testStrategy: "", dependencies: [] },
        { id: 2, title: "Endpoints", description: "REST", details: "", testStrategy: "", dependencies: [1] },
      ],
    }),
  });
  await addTask(request, user, projectId, { title: "Inventory service", description: `Items and shelves (${complexity}) (${expansion})` });
  await addTask(request, user, projectId, { title: "Shelf labels", description: `Print them (${complexity})` });

  const report = await ok(await request.post(`${url}/analyze-complexity`, { headers: user.headers, data: { threshold: 5 } }));
  expect(report.draft.aboveThreshold).toEqual(["1"]);
  const scored = await ok(await request.post(`${url}/analyze-complexity/accept`, { headers: user.headers, data: report.draft }), 201);
  expect(scored.applied.map((t: { ref: string; complexity: number }) => [t.ref, t.complexity])).toEqual([
    ["1", 8],
    ["2", 2],
  ]);

  const expanded = await ok(await request.post(`${url}/expand`, { headers: user.headers, data: { ref: "1", num: 2 } }));
  expect(expanded.draft.subtasks.map((s: { title: string }) => s.title)).toEqual(["Schema", "Endpoints"]);
  const created = await ok(await request.post(`${url}/expand/accept`, { headers: user.headers, data: { drafts: [expanded.draft] } }), 201);
  expect(created.created.map((t: { ref: string }) => t.ref)).toEqual(["1.1", "1.2"]);

  const rename = await script({ content: JSON.stringify({ tasks: [{ id: "2", title: "Print shelf labels" }] }) });
  const update = await ok(
    await request.post(`${url}/update`, { headers: user.headers, data: { ref: "2", prompt: `Make the title clearer (${rename})` } }),
  );
  expect(update.draft).toHaveLength(1);
  const updated = await ok(await request.post(`${url}/update/accept`, { headers: user.headers, data: { tasks: update.draft } }), 201);
  expect(updated.tasks.map((t: { title: string }) => t.title)).toEqual(["Print shelf labels"]);

  const newTask = await script({
    content: JSON.stringify({
      title: "Low-stock warnings",
      description: "Warn when parts run low",
      details: "",
      testStrategy: "",
      priority: "low",
      dependencies: ["1"],
    }),
  });
  const added = await ok(
    await request.post(`${url}/add-task`, { headers: user.headers, data: { prompt: `Warn me when parts run low (${newTask})` } }),
  );
  expect(added.draft.title).toBe("Low-stock warnings");
  const written = await ok(await request.post(`${url}/add-task/accept`, { headers: user.headers, data: { draft: added.draft } }), 201);
  expect([written.task.ref, written.task.dependencies]).toEqual(["3", ["1"]]);
});

test("AI settings, status, a model test and the run log", async ({ request }) => {
  const user: TestUser = await newUser(request);
  const { settings } = await ok(await request.get("/api/v1/ai/settings", { headers: user.headers }));
  expect(settings.roles.main.length).toBeGreaterThan(0);
  const { status } = await ok(await request.get("/api/v1/ai/status", { headers: user.headers }));
  expect(status.endpoints.length).toBeGreaterThan(0);
  // What the server fetched from an endpoint is the admin's to see, and so are model tests.
  expect(status.endpoints.every((e: { detailsHidden: boolean }) => e.detailsHidden)).toBe(true);
  expect((await request.post("/api/v1/ai/test", { headers: user.headers, data: { role: "main" } })).status()).toBe(403);
  const admin = await tokenFor(request, ADMIN_EMAIL, ["read", "write", "admin"]);
  const { result } = await ok(await request.post("/api/v1/ai/test", { headers: admin.headers, data: { role: "main" } }));
  expect(typeof result.ok).toBe("boolean");
  const { runs } = await ok(await request.get("/api/v1/ai/runs", { headers: admin.headers }));
  expect(runs.some((r: { job: string }) => r.job === "test")).toBe(true);
  expect((await request.patch("/api/v1/ai/settings", { headers: user.headers, data: { numCtx: 4096 } })).status()).toBe(403);
});
