import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok, scratchDb, tokenFor } from "../support/api";

test.describe("who may do what", () => {
  test("anonymous requests get 401 with a JSON error", async ({ request }) => {
    for (const [method, path] of [
      ["get", "/api/v1/projects"],
      ["post", "/api/v1/projects"],
      ["get", "/api/v1/projects/anything/tasks"],
      ["get", "/api/v1/projects/anything/next"],
      ["post", "/api/v1/import/taskmaster"],
    ] as const) {
      const res = await request[method](path, method === "post" ? { data: {} } : {});
      expect(res.status(), `${method} ${path}`).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
    const bad = await request.get("/api/v1/projects", { headers: { authorization: "Bearer cairn_not-a-real-token" } });
    expect(bad.status()).toBe(401);
    expect((await bad.json()).error.message).toBe("Invalid API token");
    const malformed = await request.get("/api/v1/projects", { headers: { authorization: "Token abc" } });
    expect(malformed.status()).toBe(401);
  });

  test("a non-member gets 404 for every project route, and learns nothing", async ({ request }) => {
    const owner = await newUser(request);
    const stranger = await newUser(request);
    const projectId = await newProject(request, owner);
    await addTask(request, owner, projectId, { title: "Secret" });
    const routes: [string, string, unknown?][] = [
      ["get", `/api/v1/projects/${projectId}`],
      ["patch", `/api/v1/projects/${projectId}`, { name: "Mine now" }],
      ["delete", `/api/v1/projects/${projectId}`],
      ["get", `/api/v1/projects/${projectId}/tasks`],
      ["post", `/api/v1/projects/${projectId}/tasks`, { title: "x" }],
      ["get", `/api/v1/projects/${projectId}/tasks/1`],
      ["patch", `/api/v1/projects/${projectId}/tasks/1`, { title: "x" }],
      ["delete", `/api/v1/projects/${projectId}/tasks/1`],
      ["get", `/api/v1/projects/${projectId}/next`],
      ["get", `/api/v1/projects/${projectId}/dependencies/validate`],
      ["get", `/api/v1/projects/${projectId}/export/taskmaster`],
      ["post", `/api/v1/projects/${projectId}/members`, { email: stranger.email, role: "owner" }],
    ];
    for (const [method, path, data] of routes) {
      const res = await (request as any)[method](path, { headers: stranger.headers, ...(data ? { data } : {}) });
      expect(res.status(), `${method} ${path}`).toBe(404);
    }
    const { projects } = await ok(await request.get("/api/v1/projects", { headers: stranger.headers }));
    expect(projects.map((p: { id: string }) => p.id)).not.toContain(projectId);
    const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: owner.headers }));
    expect(task.title).toBe("Secret");
  });

  test("a viewer reads but every write is 403; an editor writes but cannot manage members", async ({ request }) => {
    const owner = await newUser(request);
    const viewer = await newUser(request);
    const editor = await newUser(request);
    const projectId = await newProject(request, owner);
    await addTask(request, owner, projectId, { title: "A" });
    await addMember(request, owner, projectId, viewer, "viewer");
    await addMember(request, owner, projectId, editor, "editor");

    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: viewer.headers }))).total).toBe(1);
    for (const [method, path, data] of [
      ["post", `/api/v1/projects/${projectId}/tasks`, { title: "x" }],
      ["patch", `/api/v1/projects/${projectId}/tasks/1`, { title: "x" }],
      ["delete", `/api/v1/projects/${projectId}/tasks/1`],
      ["post", `/api/v1/projects/${projectId}/tasks/1/move`, { status: "done" }],
      ["post", `/api/v1/projects/${projectId}/tasks/1/notes`, { body: "hi" }],
      ["post", `/api/v1/projects/${projectId}/dependencies/fix`],
      ["patch", `/api/v1/projects/${projectId}`, { name: "renamed" }],
      ["delete", `/api/v1/projects/${projectId}`],
    ] as [string, string, unknown?][]) {
      const res = await (request as any)[method](path, { headers: viewer.headers, ...(data ? { data } : {}) });
      expect(res.status(), `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    await ok(await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: editor.headers, data: { title: "By editor" } }), 201);
    expect(
      (
        await request.post(`/api/v1/projects/${projectId}/members`, {
          headers: editor.headers,
          data: { email: viewer.email, role: "owner" },
        })
      ).status(),
    ).toBe(403);
    expect((await request.delete(`/api/v1/projects/${projectId}`, { headers: editor.headers })).status()).toBe(403);
    const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: owner.headers }));
    expect(task.title).toBe("A");
  });

  test("a read-only token reads but cannot write (403); an expired token gets 401", async ({ request }) => {
    const owner = await newUser(request);
    const projectId = await newProject(request, owner);
    const readOnly = await tokenFor(request, owner.email, ["read"]);
    expect((await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: readOnly.headers })).status()).toBe(200);
    const w = await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: readOnly.headers, data: { title: "x" } });
    expect(w.status()).toBe(403);
    expect((await w.json()).error.message).toContain('lacks the "write" scope');
    expect((await request.post("/api/v1/projects", { headers: readOnly.headers, data: { name: "x" } })).status()).toBe(403);

    const expiring = await tokenFor(request, owner.email, ["read", "write"], 1);
    expect((await request.get("/api/v1/projects", { headers: expiring.headers })).status()).toBe(200);
    // Time travel: the API will not mint an already-expired token, so age this one in the database.
    const db = scratchDb();
    db.prepare('UPDATE "ApiToken" SET "expiresAt" = ? WHERE "id" = ?').run(
      new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00"),
      expiring.id,
    );
    db.close();
    const expired = await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: expiring.headers, data: { title: "x" } });
    expect(expired.status()).toBe(401);
    expect((await expired.json()).error.message).toBe("This API token has expired");
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }))).total).toBe(0);
  });

  test("tokens are listed without their secret and can be revoked", async ({ request }) => {
    const user = await newUser(request);
    const extra = await tokenFor(request, user.email, ["read"]);
    const { tokens } = await ok(await request.get("/api/v1/tokens", { headers: user.headers }));
    expect(tokens.length).toBe(2);
    expect(JSON.stringify(tokens)).not.toContain(extra.token);
    await ok(await request.delete(`/api/v1/tokens/${extra.id}`, { headers: user.headers }), 204);
    expect((await request.get("/api/v1/projects", { headers: extra.headers })).status()).toBe(401);
    expect(
      (
        await request.post("/api/v1/tokens", { data: { email: user.email, password: "wrong password", name: "x", scopes: ["read"] } })
      ).status(),
    ).toBe(401);
  });

  test("only the admin lists and creates users", async ({ request }) => {
    const user = await newUser(request);
    expect((await request.get("/api/v1/users", { headers: user.headers })).status()).toBe(403);
    expect(
      (
        await request.post("/api/v1/users", { headers: user.headers, data: { email: "x@y.test", password: "x-long-password", name: "X" } })
      ).status(),
    ).toBe(403);
    expect((await request.patch("/api/v1/settings", { headers: user.headers, data: { openSignup: false } })).status()).toBe(403);
  });
});
