import { test, type APIResponse } from "@playwright/test";
import { addMember, addTask, expect, newProject, newUser, ok, PASSWORD, type TestUser } from "../support/api";

// Odd input on every route that takes a body or a query: each field replaced in turn by a value
// of the wrong type, a huge or fractional number, odd text or a nested structure. Every answer is
// a typed error or a success, never a 500.
const ODD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  "",
  " ",
  "x".repeat(5_000),
  true,
  [],
  [null],
  {},
  { $gt: "" },
  "𝄞🚀",
  "\u0000",
  "1e308",
  "-0",
  "__proto__",
];
const ODD_BODIES = ["{}", "[]", "null", "0", '"text"', "true", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'];
const ODD_QUERY = ["", "-1", "0", "1e308", "99999999999999999999", "abc", "1.5", "%00", "true,false", "a".repeat(300)];

type Route = { method: "post" | "patch"; path: string; body: Record<string, unknown> };

test("no 500 for odd input on any route", async ({ request }) => {
  test.setTimeout(240_000);
  const user: TestUser = await newUser(request);
  const other = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "One" });
  await addTask(request, user, projectId, { title: "Two" });
  await addTask(request, user, projectId, { title: "Sub", parent: "1" });
  const { thread } = await ok(await request.post(`/api/v1/projects/${projectId}/chat/threads`, { headers: user.headers, data: {} }), 201);
  await addMember(request, user, projectId, other, "viewer");
  const { members } = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: user.headers }));
  const member = members.find((m: { email: string }) => m.email === other.email) as { userId: string };
  const { token: adminToken } = await ok(
    await request.post("/api/v1/tokens", {
      data: { email: "admin@cairn.test", password: PASSWORD, name: "no-500", scopes: ["read", "write", "admin"] },
    }),
    201,
  );
  const admin = { authorization: `Bearer ${adminToken}` };
  const p = `/api/v1/projects/${projectId}`;

  const routes: (Route & { headers?: Record<string, string> })[] = [
    { method: "post", path: "/api/v1/projects", body: { name: "N", description: "D" } },
    { method: "patch", path: p, body: { name: "N", description: "D" } },
    { method: "post", path: `${p}/members`, body: { email: "someone@example.test", role: "viewer" } },
    { method: "patch", path: `${p}/members/${member.userId}`, body: { role: "editor" } },
    {
      method: "post",
      path: `${p}/tasks`,
      body: {
        title: "T",
        description: "",
        details: "",
        testStrategy: "",
        status: "pending",
        priority: "low",
        complexity: 3,
        recommendedSubtasks: 2,
        expansionPrompt: null,
        complexityReasoning: null,
        assignee: null,
        dueDate: "2026-12-24",
        labels: ["a"],
        dependencies: ["2"],
        parent: "1",
      },
    },
    {
      method: "patch",
      path: `${p}/tasks/2`,
      body: {
        title: "T2",
        status: "review",
        priority: "high",
        complexity: 5,
        dueDate: null,
        labels: ["b"],
        dependencies: [],
        addLabels: ["c"],
        removeLabels: ["a"],
        addDependencies: ["1"],
        removeDependencies: ["1"],
        version: 1,
      },
    },
    { method: "post", path: `${p}/tasks/2/dependencies`, body: { dependsOn: "1" } },
    { method: "post", path: `${p}/tasks/2/move`, body: { status: "pending", afterRef: null, beforeRef: null, version: 1 } },
    { method: "post", path: `${p}/tasks/2/notes`, body: { body: "A note" } },
    { method: "post", path: `${p}/chat/threads`, body: { title: "Thread" } },
    { method: "patch", path: `${p}/chat/threads/${thread.id}`, body: { title: "Renamed" } },
    {
      method: "post",
      path: `${p}/chat/threads/${thread.id}/proposals`,
      body: { messageId: "m1", proposalIds: ["p1"], decision: "decline" },
    },
    { method: "post", path: `${p}/reports`, body: { from: "2026-11-01", to: "2026-11-14", timeZone: "Europe/Berlin", narrative: false } },
    { method: "post", path: `${p}/dependencies/fix`, body: {} },
    {
      method: "post",
      path: "/api/v1/tokens",
      body: { email: user.email, password: PASSWORD, name: "t", scopes: ["read"], expiresInDays: 1 },
    },
    { method: "post", path: "/api/v1/signup", body: { email: "new@example.test", password: PASSWORD, name: "N" } },
    {
      method: "post",
      path: "/api/v1/import/taskmaster",
      body: { master: { tasks: [{ id: 1, title: "Imported", status: "pending", dependencies: [] }] } },
    },
    { method: "patch", path: "/api/v1/settings", body: { openSignup: true }, headers: admin },
    {
      method: "post",
      path: "/api/v1/users",
      body: { email: "made@example.test", password: PASSWORD, name: "M", isAdmin: false },
      headers: admin,
    },
    {
      method: "patch",
      path: "/api/v1/ai/settings",
      // The values every other spec expects (the defaults): a valid write that changes nothing for them.
      body: { numCtx: 8192, temperature: 0.2, cacheTtlSeconds: 86_400, firstTokenTimeoutMs: 120_000, idleTimeoutMs: 60_000 },
      headers: admin,
    },
  ];

  const failures: string[] = [];
  const check = async (what: string, send: () => Promise<APIResponse>) => {
    const res = await send();
    if (res.status() >= 500) failures.push(`${what} → ${res.status()} ${(await res.text()).slice(0, 200)}`);
    else if (res.status() >= 400) {
      const body = await res.json().catch(() => null);
      if (!body?.error?.code || !body?.error?.message)
        failures.push(`${what} → ${res.status()} without a typed error: ${JSON.stringify(body)?.slice(0, 200)}`);
    }
  };

  for (const r of routes) {
    const headers = { ...(r.headers ?? user.headers), "content-type": "application/json" };
    const send = (data: string) => request[r.method](r.path, { headers, data });
    for (const raw of ODD_BODIES) await check(`${r.method} ${r.path} ${raw}`, () => send(raw));
    for (const field of Object.keys(r.body)) {
      for (const value of ODD) {
        const body = JSON.stringify({ ...r.body, [field]: value });
        await check(`${r.method} ${r.path} ${field}=${JSON.stringify(value)?.slice(0, 30)}`, () => send(body));
      }
      // A lone surrogate, which JSON can carry as an escape.
      await check(`${r.method} ${r.path} ${field}=lone surrogate`, () =>
        send(JSON.stringify({ ...r.body, [field]: "__LONE__" }).replace('"__LONE__"', '"\\ud800"')),
      );
    }
  }

  const queries: [string, string[]][] = [
    [`${p}/tasks`, ["status", "priority", "ready", "blocked", "text", "label", "assignee", "parent", "limit", "cursor", "unknown"]],
    [`${p}/reports`, ["limit"]],
    [`${p}/graph`, ["hideDone"]],
    [`${p}/tasks/1/history`, ["limit", "cursor"]],
  ];
  for (const [path, params] of queries) {
    for (const param of params) {
      for (const value of ODD_QUERY)
        await check(`GET ${path}?${param}=${value.slice(0, 20)}`, () =>
          request.get(`${path}?${param}=${value}`, { headers: user.headers }),
        );
    }
  }
  const refs = ["0", "-1", "1e308", "99999999999999999999", "1.1.1", "abc", "%00", "%F0%9F%9A%80", "1.0", "1..2", "%201"];
  for (const ref of refs) {
    await check(`GET task ${ref}`, () => request.get(`${p}/tasks/${ref}`, { headers: user.headers }));
    await check(`PATCH task ${ref}`, () => request.patch(`${p}/tasks/${ref}`, { headers: user.headers, data: { title: "x" } }));
    await check(`DELETE dependency ${ref}`, () => request.delete(`${p}/tasks/2/dependencies/${ref}`, { headers: user.headers }));
  }
  for (const id of ["%00", "%F0%9F%9A%80", "x".repeat(500), "%20"]) {
    await check(`GET project ${id.slice(0, 20)}`, () => request.get(`/api/v1/projects/${id}`, { headers: user.headers }));
    await check(`GET thread ${id.slice(0, 20)}`, () => request.get(`${p}/chat/threads/${id}`, { headers: user.headers }));
    await check(`GET report ${id.slice(0, 20)}`, () => request.get(`${p}/reports/${id}`, { headers: user.headers }));
  }
  for (const h of ["Bearer \ud800", "Bearer " + "x".repeat(10_000), "Basic abc", "Bearer"]) {
    await check(`authorization ${h.slice(0, 12)}`, () =>
      request
        .get("/api/v1/projects", { headers: { authorization: h } })
        .catch(() => request.get("/api/v1/projects", { headers: { authorization: "Bearer bad" } })),
    );
  }
  for (const m of ["", "abc", "W/", '"', '"1', "1,2", "0", "-1", "99999999999999999999"]) {
    await check(`If-Match ${m}`, () =>
      request.patch(`${p}/tasks/2`, { headers: { ...user.headers, "if-match": m }, data: { title: "x" } }),
    );
  }
  expect(failures).toEqual([]);
});

// Next.js itself answers a path segment that is not valid percent-encoded UTF-8 (%ED%A0%80, a
// lone surrogate; %E0%A4%A, cut short) with a plain-text 500 before any route handler runs.
// Answering it with a 400 needs a proxy (middleware) in front of every route.
test.fixme("a path segment that is not valid UTF-8 is a 400, not a 500", async ({ request }) => {
  const user = await newUser(request);
  for (const bad of ["%ED%A0%80", "%E0%A4%A"]) {
    expect((await request.get(`/api/v1/projects/${bad}`, { headers: user.headers })).status()).toBe(400);
  }
});
