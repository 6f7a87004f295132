import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok, PASSWORD, scratchDb, tokenFor, unique } from "../support/api";
import { ollama } from "../support/ollama";
import { ADMIN_EMAIL, appOrigin, hugeUpload, memoryOf, serverPid, sessionContext } from "../support/security";

// Each test repeats an attack on a running instance, as an outside reviewer made it, and checks
// that it is now refused and changed nothing.

test.describe("a read-scoped token only reads", () => {
  test("it cannot mint a read+write token, nor revoke one", async ({ request }) => {
    const user = await newUser(request);
    const readOnly = await tokenFor(request, user.email, ["read"]);
    const mint = await request.post("/api/v1/tokens", { headers: readOnly.headers, data: { name: "escalate", scopes: ["read", "write"] } });
    expect(mint.status()).toBe(403);
    expect((await mint.json()).error.message).toContain("An API token cannot be used here");
    // Not with credentials in the body either, while a token is presented.
    const both = await request.post("/api/v1/tokens", {
      headers: readOnly.headers,
      data: { email: user.email, password: PASSWORD, name: "x", scopes: ["read"] },
    });
    expect(both.status()).toBe(403);

    const other = await tokenFor(request, user.email, ["read", "write"]);
    expect((await request.delete(`/api/v1/tokens/${other.id}`, { headers: readOnly.headers })).status()).toBe(403);
    expect((await request.get("/api/v1/projects", { headers: other.headers })).status()).toBe(200);
    const { tokens } = await ok(await request.get("/api/v1/tokens", { headers: user.headers }));
    expect(tokens).toHaveLength(3);
  });

  test("an admin's read token creates no users, opens nothing, re-points no endpoint", async ({ request }) => {
    const adminRead = await tokenFor(request, ADMIN_EMAIL, ["read"]);
    const email = `${unique("made-admin")}@example.test`;
    const create = await request.post("/api/v1/users", {
      headers: adminRead.headers,
      data: { email, password: PASSWORD, name: "Mallory", isAdmin: true },
    });
    expect(create.status()).toBe(403);
    expect((await request.patch("/api/v1/settings", { headers: adminRead.headers, data: { openSignup: true } })).status()).toBe(403);
    // The same endpoints sent back: harmless if it were accepted, but it must not be.
    const { settings } = await ok(await request.get("/api/v1/ai/settings", { headers: adminRead.headers }));
    const repoint = await request.patch("/api/v1/ai/settings", { headers: adminRead.headers, data: { endpoints: settings.endpoints } });
    expect(repoint.status()).toBe(403);
    // Read+write is still not admin.
    const adminWrite = await tokenFor(request, ADMIN_EMAIL, ["read", "write"]);
    expect(
      (await request.post("/api/v1/users", { headers: adminWrite.headers, data: { email, password: PASSWORD, name: "Mallory" } })).status(),
    ).toBe(403);
    const db = scratchDb();
    expect(db.prepare('SELECT count(*) AS "n" FROM "User" WHERE "email" = ?').get(email)).toEqual({ n: 0 });
    db.close();

    // The admin scope, on the admin's token, does it.
    const adminToken = await tokenFor(request, ADMIN_EMAIL, ["read", "write", "admin"]);
    const { user } = await ok(
      await request.post("/api/v1/users", { headers: adminToken.headers, data: { email, password: PASSWORD, name: "Made by admin" } }),
      201,
    );
    expect(user.isAdmin).toBe(false);
  });

  test("a non-admin cannot get the admin scope, with credentials or signed in", async ({ request }) => {
    const user = await newUser(request);
    const asked = await request.post("/api/v1/tokens", {
      data: { email: user.email, password: PASSWORD, name: "x", scopes: ["read", "admin"] },
    });
    expect(asked.status()).toBe(403);
    expect((await asked.json()).error.message).toContain('"admin" scope');
    const session = await sessionContext(user.email);
    const viaSession = await session.post("/api/v1/tokens", { headers: { origin: appOrigin }, data: { name: "x", scopes: ["admin"] } });
    expect(viaSession.status()).toBe(403);
    // A session may create an ordinary token.
    await ok(
      await session.post("/api/v1/tokens", { headers: { origin: appOrigin }, data: { name: "from the settings page", scopes: ["read"] } }),
      201,
    );
    await session.dispose();
  });

  test("it cannot remove a member (not even itself) nor generate a report", async ({ request }) => {
    const owner = await newUser(request);
    const member = await newUser(request);
    const projectId = await newProject(request, owner);
    await addTask(request, owner, projectId, { title: "A" });
    await addMember(request, owner, projectId, member, "editor");
    const { members } = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }));
    const memberId = members.find((m: { email: string }) => m.email === member.email).userId;
    const ownerId = members.find((m: { email: string }) => m.email === owner.email).userId;

    const ownerRead = await tokenFor(request, owner.email, ["read"]);
    const memberRead = await tokenFor(request, member.email, ["read"]);
    expect((await request.delete(`/api/v1/projects/${projectId}/members/${memberId}`, { headers: ownerRead.headers })).status()).toBe(403);
    expect((await request.delete(`/api/v1/projects/${projectId}/members/${memberId}`, { headers: memberRead.headers })).status()).toBe(403);
    expect((await request.delete(`/api/v1/projects/${projectId}/members/${ownerId}`, { headers: ownerRead.headers })).status()).toBe(403);
    const after = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }));
    expect(after.members).toHaveLength(2);

    const report = await request.post(`/api/v1/projects/${projectId}/reports`, { headers: ownerRead.headers, data: { narrative: true } });
    expect(report.status()).toBe(403);
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/reports`, { headers: owner.headers }))).reports).toHaveLength(0);
  });
});

test.describe("endpoints are admin business", () => {
  test("a signed-in non-admin's status check returns no fetched version or models, and tests nothing", async ({ request }) => {
    const user = await newUser(request);
    const res = await ok(await request.get("/api/v1/ai/status", { headers: user.headers }));
    // The server still fetched the endpoint (its test server stands in for an internal address)…
    const [ep] = res.status.endpoints;
    expect(ep.health.reachable).toBe(true);
    // …but what it found stays on the server.
    expect(ep.health.version).toBeNull();
    expect(ep.models).toEqual([]);
    expect(ep.loaded).toEqual([]);
    expect(JSON.stringify(res)).not.toContain("0.12.3");
    expect(ep.detailsHidden).toBe(true);

    const before = (await (await fetch(`${ollama}/__control/requests?path=/api/chat`)).json()).requests.length;
    const probe = await request.post("/api/v1/ai/test", { headers: user.headers, data: { endpointId: ep.id, model: "llama3.2" } });
    expect(probe.status()).toBe(403);
    const pull = await request.post("/api/v1/ai/pull", { headers: user.headers, data: { endpointId: ep.id, name: "gemma3:4b" } });
    expect(pull.status()).toBe(403);
    const afterReqs = (await (await fetch(`${ollama}/__control/requests?path=/api/chat`)).json()).requests.length;
    expect(afterReqs).toBe(before);
  });

  test("the admin, with the admin scope, sees what the endpoint reported", async ({ request }) => {
    const adminToken = await tokenFor(request, ADMIN_EMAIL, ["read", "write", "admin"]);
    const { status } = await ok(await request.get("/api/v1/ai/status", { headers: adminToken.headers }));
    expect(status.endpoints[0].health.version).toBe("0.12.3");
    expect(status.endpoints[0].models.length).toBeGreaterThan(0);
    const adminRead = await tokenFor(request, ADMIN_EMAIL, ["read"]);
    expect((await request.post("/api/v1/ai/test", { headers: adminRead.headers, data: { role: "main" } })).status()).toBe(403);
  });
});

test.describe("cross-site requests are refused", () => {
  const foreign = "http://localhost:1"; // another port of the same host: same site, other origin

  test("a session cookie with a foreign Origin creates no task, note, token, member or admin", async ({ request }) => {
    const owner = await newUser(request);
    const projectId = await newProject(request, owner);
    await addTask(request, owner, projectId, { title: "Existing" });
    const victim = await newUser(request);
    const session = await sessionContext(owner.email);
    const attacks: [string, string, Record<string, unknown>][] = [
      ["post", `/api/v1/projects/${projectId}/tasks`, { title: "Planted" }],
      ["post", `/api/v1/projects/${projectId}/tasks/1/notes`, { body: "Planted note" }],
      ["post", "/api/v1/tokens", { name: "stolen", scopes: ["read", "write"] }],
      ["post", `/api/v1/projects/${projectId}/members`, { email: victim.email, role: "owner" }],
      ["delete", `/api/v1/projects/${projectId}`, {}],
    ];
    for (const [method, path, body] of attacks) {
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "application/json"]) {
        const res = await (session as any)[method](path, {
          headers: { origin: foreign, "content-type": contentType },
          data: Buffer.from(JSON.stringify(body)),
        });
        expect(res.status(), `${method} ${path} as ${contentType}`).toBe(403);
        expect((await res.json()).error.message).toContain("Cross-site request refused");
      }
      // No Origin and no Sec-Fetch-Site: not provably from a Cairn page either.
      const bare = await (session as any)[method](path, {
        headers: { "content-type": "application/json" },
        data: Buffer.from(JSON.stringify(body)),
      });
      expect(bare.status(), `${method} ${path} without Origin`).toBe(403);
    }
    const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }));
    expect(tasks.map((t: { title: string }) => t.title)).toEqual(["Existing"]);
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1/notes`, { headers: owner.headers }))).notes).toEqual([]);
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }))).members).toHaveLength(1);
    expect((await ok(await request.get("/api/v1/tokens", { headers: owner.headers }))).tokens).toHaveLength(1);

    // From Cairn's own page it works: its Origin, or Sec-Fetch-Site: same-origin, with JSON.
    await ok(await session.post(`/api/v1/projects/${projectId}/tasks`, { headers: { origin: appOrigin }, data: { title: "Mine" } }), 201);
    await ok(
      await session.post(`/api/v1/projects/${projectId}/tasks`, {
        headers: { "sec-fetch-site": "same-origin" },
        data: { title: "Mine too" },
      }),
      201,
    );
    // Even from its own page, a text/plain body is not JSON.
    const plain = await session.post(`/api/v1/projects/${projectId}/tasks`, {
      headers: { origin: appOrigin, "content-type": "text/plain" },
      data: Buffer.from('{"title":"x"}'),
    });
    expect(plain.status()).toBe(415);
    await session.dispose();
  });

  test("the admin's session cookie with a foreign Origin creates no admin user", async ({ request }) => {
    const session = await sessionContext(ADMIN_EMAIL);
    const email = `${unique("csrf-admin")}@example.test`;
    const res = await session.post("/api/v1/users", {
      headers: { origin: foreign, "content-type": "text/plain" },
      data: Buffer.from(JSON.stringify({ email, password: PASSWORD, name: "M", isAdmin: true })),
    });
    expect(res.status()).toBe(403);
    const open = await session.patch("/api/v1/settings", {
      headers: { origin: foreign, "content-type": "application/x-www-form-urlencoded" },
      data: "openSignup=true",
    });
    expect(open.status()).toBe(403);
    await session.dispose();
    const adminToken = await tokenFor(request, ADMIN_EMAIL, ["read", "admin"]);
    const { users } = await ok(await request.get("/api/v1/users", { headers: adminToken.headers }));
    expect(users.map((u: { email: string }) => u.email)).not.toContain(email);
  });

  test("bearer-token requests are unaffected by the Origin rule; JSON routes still want JSON", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    await ok(
      await request.post(`/api/v1/projects/${projectId}/tasks`, {
        headers: { ...user.headers, origin: foreign },
        data: { title: "From a script" },
      }),
      201,
    );
    const form = await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, form: { title: "form" } });
    expect(form.status()).toBe(415);
    expect((await form.json()).error.message).toContain("application/json");
  });

  test("next-auth keeps its CSRF token: a sign-in post without it signs nobody in", async ({ request, playwright }) => {
    const user = await newUser(request);
    const ctx = await playwright.request.newContext({ baseURL: appOrigin });
    await ctx.post("/api/auth/callback/credentials", { form: { email: user.email, password: PASSWORD, json: "true" }, maxRedirects: 0 });
    expect((await ctx.get("/api/v1/me")).status()).toBe(401);
    await ctx.dispose();
  });
});

test.describe("limits before reading", () => {
  test("a 250 MB sign-up body is refused with 413 quickly, and the server's memory does not grow", async () => {
    test.setTimeout(120_000);
    const pid = serverPid();
    const before = pid ? memoryOf(pid) : null;
    const declared = await hugeUpload("/api/v1/signup", 250, true);
    expect(declared.status).toBe(413);
    expect(declared.ms).toBeLessThan(5_000);
    const streamed = await hugeUpload("/api/v1/signup", 250, false);
    expect(streamed.status).toBe(413);
    expect(streamed.ms).toBeLessThan(15_000);
    // It stopped reading near the cap: far less than 250 MB went over the wire.
    expect(streamed.sentMb).toBeLessThan(100);
    if (pid && before) {
      const after = memoryOf(pid);
      const line = `server ${pid}: RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB, peak ${before.peakMb.toFixed(0)} → ${after.peakMb.toFixed(0)} MB; sent ${streamed.sentMb} MB before the 413`;
      test.info().annotations.push({ type: "memory", description: line });
      console.log(line);
      expect(after.peakMb - before.peakMb).toBeLessThan(100);
      expect(after.rssMb - before.rssMb).toBeLessThan(100);
    } else {
      test.info().annotations.push({ type: "memory", description: "server pid not found; checked the quick 413 only" });
      console.log("server pid not found; checked the quick 413 only");
    }
  });

  test("the size cap is per route and the error names it; nesting and array limits too", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const twoMb = JSON.stringify({ title: "ok", details: "d".repeat(2 * 1024 * 1024) });
    const task = await request.post(`/api/v1/projects/${projectId}/tasks`, {
      headers: { ...user.headers, "content-type": "application/json" },
      data: Buffer.from(twoMb),
    });
    expect(task.status()).toBe(413);
    expect((await task.json()).error.message).toBe("Request body is too large (limit 1 MB)");
    // The same size is fine for an import (20 MB), which then judges the content itself.
    const imp = await request.post("/api/v1/import/taskmaster", {
      headers: { ...user.headers, "content-type": "application/json" },
      data: Buffer.from(JSON.stringify({ master: { tasks: [] }, pad: "p".repeat(2 * 1024 * 1024) })),
    });
    expect(imp.status()).not.toBe(413);
    const big = await request.post("/api/v1/import/taskmaster", {
      headers: { ...user.headers, "content-type": "application/json" },
      data: Buffer.alloc(21 * 1024 * 1024, 0x20),
    });
    expect(big.status()).toBe(413);
    expect((await big.json()).error.message).toBe("Request body is too large (limit 20 MB)");

    // Subtasks nested 50,000 deep, written out as text (JSON.stringify itself would overflow).
    const deep =
      '{"master":{"tasks":[' + '{"id":1,"title":"t","subtasks":['.repeat(50_000) + '{"id":2,"title":"leaf"}' + "]}".repeat(50_000) + "]}}";
    const nested = await request.post("/api/v1/import/taskmaster", {
      headers: { ...user.headers, "content-type": "application/json" },
      data: Buffer.from(deep),
    });
    expect(nested.status()).toBe(422);
    expect((await nested.json()).error.message).toBe("JSON is nested too deeply (limit 64 levels)");
    const many = await request.post(`/api/v1/projects/${projectId}/tasks`, {
      headers: user.headers,
      data: { title: "x", labels: Array.from({ length: 20_000 }, (_, i) => `l${i}`) },
    });
    expect(many.status()).toBe(422);
    expect((await many.json()).error.message).toBe("A JSON array has too many items (limit 10,000)");
  });
});

test.describe("security headers", () => {
  test("pages carry a nonce CSP without unsafe-eval that forbids framing; every answer says nosniff", async ({ request }) => {
    const page = await request.get("/signin");
    expect(page.status()).toBe(200);
    const csp = page.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(page.headers()["x-frame-options"]).toBe("DENY");
    expect(page.headers()["x-content-type-options"]).toBe("nosniff");
    expect(page.headers()["referrer-policy"]).toBe("same-origin");
    // Served over http here: no HSTS.
    expect(page.headers()["strict-transport-security"]).toBeUndefined();
    // A fresh nonce per page view.
    const again = (await request.get("/signin")).headers()["content-security-policy"];
    expect(again).not.toBe(csp);

    const api = await request.get("/api/v1/openapi.json");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
