import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, ok } from "../support/api";
import { script, TWO_TASK_PLAN } from "../support/ollama";
import { parsePrometheus, valueOf } from "../support/prometheus";
import { ROUTES } from "../../lib/http/routes";

// /api/metrics on the app under test (`npm test` sets CAIRN_METRICS_TOKEN for it), and what
// /api/health tells anyone about AI endpoints and backups.
const TOKEN = process.env.CAIRN_METRICS_TOKEN!;

async function scrape(request: Parameters<typeof newUser>[0]) {
  const res = await request.get("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

test("metrics refuse a scrape without the metrics token, or with any other", async ({ request }) => {
  expect(TOKEN, "npm test sets CAIRN_METRICS_TOKEN").toBeTruthy();
  const user = await newUser(request);
  for (const headers of [
    {},
    { authorization: `Bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` },
    // An API token, even a valid one, is not the metrics token.
    user.headers,
  ]) {
    const res = await request.get("/api/metrics", { headers });
    expect(res.status(), JSON.stringify(headers)).toBe(401);
    expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
    expect(await res.text()).not.toContain("cairn_http_requests_total");
  }
});

test("metrics parse as Prometheus text, and move after a request and an AI run", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Counted by status" });

  const before = await scrape(request);
  for (const family of [
    "cairn_http_requests_total",
    "cairn_http_request_duration_seconds",
    "cairn_ai_runs_total",
    "cairn_ai_time_to_first_token_seconds",
    "cairn_ai_endpoint_up",
    "cairn_backup_last_age_seconds",
    "cairn_backup_last_size_bytes",
    "cairn_tasks",
  ]) {
    expect(before.has(family), family).toBe(true);
  }
  expect(before.get("cairn_http_requests_total")!.type).toBe("counter");
  expect(before.get("cairn_http_request_duration_seconds")!.type).toBe("histogram");
  expect(valueOf(before, "cairn_tasks", { status: "pending" })).toBeGreaterThanOrEqual(1);
  // Routes are counted by their declared key, never by a path carrying ids.
  const routes = new Set(before.get("cairn_http_requests_total")!.samples.map((s) => s.labels.route));
  for (const r of routes) expect(Object.keys(ROUTES), `route label ${r}`).toContain(r);
  expect([...routes].join(" ")).not.toContain(projectId);

  const route = { route: "GET /projects/{projectId}/tasks" };
  await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
  await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
  const missing = await request.get(`/api/v1/projects/no-such-project/tasks`, { headers: user.headers });
  expect(missing.status()).toBe(404);

  const prd = `Count this run. (${await script({ content: JSON.stringify(TWO_TASK_PLAN) })})`;
  await ok(await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, { headers: user.headers, data: { prd } }));

  const after = await scrape(request);
  expect(valueOf(after, "cairn_http_requests_total", { ...route, status: "200" })).toBeGreaterThanOrEqual(
    valueOf(before, "cairn_http_requests_total", { ...route, status: "200" }) + 2,
  );
  expect(valueOf(after, "cairn_http_requests_total", { ...route, status: "404" })).toBeGreaterThanOrEqual(
    valueOf(before, "cairn_http_requests_total", { ...route, status: "404" }) + 1,
  );
  expect(valueOf(after, "cairn_http_request_duration_seconds_count", route)).toBeGreaterThanOrEqual(
    valueOf(before, "cairn_http_request_duration_seconds_count", route) + 3,
  );
  const okRuns = { job: "parse-prd", model: "llama3.2", outcome: "ok" };
  expect(valueOf(after, "cairn_ai_runs_total", okRuns)).toBeGreaterThanOrEqual(valueOf(before, "cairn_ai_runs_total", okRuns) + 1);
  const ttft = { job: "parse-prd", model: "llama3.2" };
  expect(valueOf(after, "cairn_ai_time_to_first_token_seconds_count", ttft)).toBeGreaterThanOrEqual(
    valueOf(before, "cairn_ai_time_to_first_token_seconds_count", ttft) + 1,
  );
  const endpoints = after.get("cairn_ai_endpoint_up")!.samples;
  expect(endpoints.length).toBeGreaterThanOrEqual(1);
  expect(endpoints.every((s) => s.value === 0 || s.value === 1)).toBe(true);
});

test("health names each AI endpoint's state and the last backup's age, and nothing more, to anyone", async ({ request }) => {
  const health = await ok(await request.get("/api/health"));
  expect(health.ai.endpoints.length).toBeGreaterThanOrEqual(1);
  for (const ep of health.ai.endpoints) {
    expect(Object.keys(ep).sort()).toEqual(["name", "status"]);
    expect(["up", "down", "unknown"]).toContain(ep.status);
  }
  expect(JSON.stringify(health)).not.toMatch(/127\.0\.0\.1|http:\/\//);
  expect(health.backup.lastAgeSeconds === null || Number.isInteger(health.backup.lastAgeSeconds)).toBe(true);
});
