import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, snapshot, type TestUser } from "../support/api";

// Every bad input gets a clear 4xx error and changes nothing.
type Case = {
  name: string;
  method: "post" | "patch" | "delete";
  path: string;
  body?: unknown;
  raw?: string;
  status: number;
  code?: string;
};

const huge = "x".repeat(300_001);
const cases: Case[] = [
  // create task
  { name: "create: empty body", method: "post", path: "tasks", body: {}, status: 422, code: "invalid" },
  { name: "create: title missing", method: "post", path: "tasks", body: { description: "no title" }, status: 422 },
  { name: "create: title blank", method: "post", path: "tasks", body: { title: "   " }, status: 422 },
  { name: "create: title a number", method: "post", path: "tasks", body: { title: 42 }, status: 422 },
  { name: "create: title null", method: "post", path: "tasks", body: { title: null }, status: 422 },
  { name: "create: title too long", method: "post", path: "tasks", body: { title: "t".repeat(301) }, status: 422 },
  { name: "create: huge details", method: "post", path: "tasks", body: { title: "ok", details: huge }, status: 422 },
  { name: "create: unknown status", method: "post", path: "tasks", body: { title: "ok", status: "blocked" }, status: 422 },
  { name: "create: unknown priority", method: "post", path: "tasks", body: { title: "ok", priority: "urgent" }, status: 422 },
  { name: "create: complexity 11", method: "post", path: "tasks", body: { title: "ok", complexity: 11 }, status: 422 },
  { name: "create: complexity fractional", method: "post", path: "tasks", body: { title: "ok", complexity: 2.5 }, status: 422 },
  { name: "create: labels not an array", method: "post", path: "tasks", body: { title: "ok", labels: "a,b" }, status: 422 },
  { name: "create: label too long", method: "post", path: "tasks", body: { title: "ok", labels: ["l".repeat(51)] }, status: 422 },
  { name: "create: bad due date", method: "post", path: "tasks", body: { title: "ok", dueDate: "next tuesday" }, status: 422 },
  { name: "create: dependencies a string", method: "post", path: "tasks", body: { title: "ok", dependencies: "1" }, status: 422 },
  { name: "create: unknown dependency", method: "post", path: "tasks", body: { title: "ok", dependencies: ["99"] }, status: 422 },
  { name: "create: malformed dependency ref", method: "post", path: "tasks", body: { title: "ok", dependencies: ["one"] }, status: 422 },
  { name: "create: negative ref", method: "post", path: "tasks", body: { title: "ok", dependencies: [-1] }, status: 422 },
  { name: "create: unknown parent", method: "post", path: "tasks", body: { title: "ok", parent: "77" }, status: 404 },
  { name: "create: subtask of a subtask", method: "post", path: "tasks", body: { title: "ok", parent: "1.1" }, status: 422 },
  {
    name: "create: cyclic via parent",
    method: "post",
    path: "tasks",
    body: { title: "ok", parent: "1", dependencies: ["2"] },
    status: 422,
  },
  { name: "create: unknown field", method: "post", path: "tasks", body: { title: "ok", owner: "me" }, status: 422 },
  { name: "create: array body", method: "post", path: "tasks", body: [{ title: "ok" }], status: 422 },
  { name: "create: bad JSON", method: "post", path: "tasks", raw: '{"title": "ok",', status: 400 },
  { name: "create: JSON string body", method: "post", path: "tasks", raw: '"just a string"', status: 422 },
  // update task
  { name: "update: stale version", method: "patch", path: "tasks/1", body: { title: "new", version: 999 }, status: 409, code: "conflict" },
  { name: "update: version not a number", method: "patch", path: "tasks/1", body: { title: "new", version: "1" }, status: 422 },
  { name: "update: status wrong type", method: "patch", path: "tasks/1", body: { status: true }, status: 422 },
  { name: "update: self dependency", method: "patch", path: "tasks/1", body: { dependencies: ["1"] }, status: 422 },
  { name: "update: cyclic dependency", method: "patch", path: "tasks/1", body: { dependencies: ["2"] }, status: 422 },
  { name: "update: unknown task", method: "patch", path: "tasks/55", body: { title: "x" }, status: 404, code: "not_found" },
  { name: "update: malformed ref", method: "patch", path: "tasks/abc", body: { title: "x" }, status: 422 },
  { name: "update: id field", method: "patch", path: "tasks/1", body: { id: "hijack" }, status: 422 },
  { name: "update: bad JSON", method: "patch", path: "tasks/1", raw: "{title:}", status: 400 },
  // dependencies
  { name: "dependency: self", method: "post", path: "tasks/1/dependencies", body: { dependsOn: "1" }, status: 422 },
  { name: "dependency: cycle", method: "post", path: "tasks/1/dependencies", body: { dependsOn: "2" }, status: 422 },
  { name: "dependency: missing field", method: "post", path: "tasks/1/dependencies", body: {}, status: 422 },
  { name: "dependency: unknown target", method: "post", path: "tasks/1/dependencies", body: { dependsOn: "404" }, status: 422 },
  { name: "dependency: duplicate", method: "post", path: "tasks/2/dependencies", body: { dependsOn: "1" }, status: 409 },
  { name: "dependency: remove non-existent", method: "delete", path: "tasks/1/dependencies/2", status: 404 },
  // move, notes, delete
  { name: "move: unknown status", method: "post", path: "tasks/1/move", body: { status: "archived" }, status: 422 },
  { name: "move: next to itself", method: "post", path: "tasks/1/move", body: { status: "pending", afterRef: "1" }, status: 422 },
  { name: "move: neighbour in another column", method: "post", path: "tasks/1/move", body: { status: "done", afterRef: "2" }, status: 422 },
  { name: "note: empty", method: "post", path: "tasks/1/notes", body: { body: "  " }, status: 422 },
  { name: "delete: unknown task", method: "delete", path: "tasks/999", status: 404 },
  // project
  { name: "project: empty name", method: "patch", path: "", body: { name: "" }, status: 422 },
  { name: "project: name too long", method: "patch", path: "", body: { name: "n".repeat(121) }, status: 422 },
  { name: "member: bad role", method: "post", path: "members", body: { email: "x@example.test", role: "admin" }, status: 422 },
  { name: "member: bad email", method: "post", path: "members", body: { email: "not-an-email", role: "viewer" }, status: 422 },
];

test.describe("malformed payloads", () => {
  let user: TestUser;
  let projectId: string;
  test.beforeAll(async ({ request }) => {
    user = await newUser(request);
    projectId = await newProject(request, user);
    await addTask(request, user, projectId, { title: "Parent" });
    await addTask(request, user, projectId, { title: "Depends on parent", dependencies: ["1"] });
    await addTask(request, user, projectId, { title: "Child", parent: "1" });
  });

  test(`${cases.length} bad inputs are each refused with a clear error and change nothing`, async ({ request }) => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) {
      const before = await snapshot(request, user, projectId);
      const url = `/api/v1/projects/${projectId}${c.path ? `/${c.path}` : ""}`;
      const res = await request[c.method](url, {
        headers: { ...user.headers, "content-type": "application/json" },
        // Raw bytes: Playwright would JSON-encode a string body a second time.
        ...(c.raw !== undefined ? { data: Buffer.from(c.raw) } : c.body !== undefined ? { data: Buffer.from(JSON.stringify(c.body)) } : {}),
      });
      expect(res.status(), c.name).toBe(c.status);
      const body = await res.json();
      expect(typeof body.error?.message, c.name).toBe("string");
      expect(body.error.message.length, c.name).toBeGreaterThan(5);
      if (c.code) expect(body.error.code, c.name).toBe(c.code);
      expect(await snapshot(request, user, projectId), `${c.name} changed data`).toBe(before);
    }
  });

  test("bad list queries are 422, not 500", async ({ request }) => {
    for (const q of ["limit=0", "limit=100000", "status=nope", "ready=maybe", "cursor=%%%", "priority=high,urgent", "parent=x"]) {
      const res = await request.get(`/api/v1/projects/${projectId}/tasks?${q}`, { headers: user.headers });
      expect(res.status(), q).toBe(422);
    }
  });

  test("bad sign-up and token requests are refused plainly", async ({ request }) => {
    for (const data of [
      {},
      { email: "a@b.test", password: "short", name: "A" },
      { email: "nope", password: "longenough", name: "A" },
      { email: "a@b.test", password: "longenough" },
    ]) {
      const res = await request.post("/api/v1/signup", { data });
      expect(res.status(), JSON.stringify(data)).toBe(422);
    }
    expect((await request.post("/api/v1/signup", { data: { email: user.email, password: "longenough", name: "Dup" } })).status()).toBe(409);
    const res = await request.post("/api/v1/tokens", {
      data: { email: user.email, password: "correct horse battery", name: "x", scopes: ["root"] },
    });
    expect(res.status()).toBe(422);
    // "admin" is a scope now, but only an admin may hold it.
    const admin = await request.post("/api/v1/tokens", {
      data: { email: user.email, password: "correct horse battery", name: "x", scopes: ["admin"] },
    });
    expect(admin.status()).toBe(403);
  });
});
