import { request as pwRequest, test } from "@playwright/test";
import { expect, newProject, newUser, ok, PASSWORD, sessionCookie, signInSession, signOutSession, tokenFor } from "../support/api";

// Finding 10 as the attack was made: a copied session cookie after sign-out, a revoked token's
// open live stream; plus the other ways a session ends (everywhere, password change, disabled).

const base = () => test.info().project.use.baseURL!;

async function browser(email: string, password = PASSWORD) {
  const ctx = await pwRequest.newContext({ baseURL: base() });
  expect((await signInSession(ctx, email, password)).status()).toBe(200);
  return ctx;
}

/** A client that holds nothing but a copy of the cookie. */
async function replay(cookie: string) {
  const ctx = await pwRequest.newContext({ baseURL: base(), extraHTTPHeaders: { cookie } });
  const api = (await ctx.get("/api/v1/me")).status();
  const page = await ctx.get("/", { maxRedirects: 0 });
  const result = { api, page: page.status(), location: page.headers()["location"] ?? "" };
  await ctx.dispose();
  return result;
}

const stillIn = { api: 200, page: 200, location: "" };

function expectOut(r: { api: number; page: number; location: string }) {
  expect(r.api).toBe(401);
  expect(r.page).toBeGreaterThanOrEqual(300);
  expect(r.page).toBeLessThan(400);
  expect(r.location).toContain("/signin");
}

/** Opens the live stream and resolves with how long it stayed open after `end` was called (or Infinity). */
async function openLive(projectId: string, headers: Record<string, string>) {
  const res = await fetch(new URL(`/api/v1/projects/${projectId}/live`, base()), { headers: { accept: "text/event-stream", ...headers } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain("event: revision");
  return {
    /** The text that arrives within `ms` (empty when nothing did). */
    async readFor(ms: number): Promise<string> {
      let text = "";
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !text.includes("event: revision")) {
        const next = await Promise.race([
          reader.read(),
          new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now())),
        ]);
        if (next === "timeout" || next.done) break;
        text += new TextDecoder().decode(next.value);
      }
      return text;
    },
    async closesWithin(ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const next = await Promise.race([
          reader.read(),
          new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now())),
        ]);
        if (next === "timeout") break;
        if (next.done) return true;
      }
      await reader.cancel().catch(() => {});
      return false;
    },
  };
}

test.describe("sign-out means out", () => {
  test("a copy of the session cookie stops working once its owner signs out (API 401, pages → sign-in)", async ({ request }) => {
    const user = await newUser(request);
    const ctx = await browser(user.email);
    const cookie = await sessionCookie(ctx);
    expect(await replay(cookie)).toEqual(stillIn);
    await ok(await signOutSession(ctx));
    expectOut(await replay(cookie));
    await ctx.dispose();
  });

  test("a revoked token's open live stream ends within a tick", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const extra = await tokenFor(request, user.email, ["read"]);
    const live = await openLive(projectId, extra.headers);
    // While the token is good, the stream delivers changes as before.
    await ok(await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, data: { title: "Seen live" } }), 201);
    expect(await live.readFor(3_000)).toContain("event: revision");
    await ok(await request.delete(`/api/v1/tokens/${extra.id}`, { headers: user.headers }), 204);
    expect(await live.closesWithin(3_000)).toBe(true);
  });

  test("a signed-out session's open live stream ends within a tick", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const ctx = await browser(user.email);
    const live = await openLive(projectId, { cookie: await sessionCookie(ctx) });
    await ok(await signOutSession(ctx));
    expect(await live.closesWithin(3_000)).toBe(true);
    await ctx.dispose();
  });

  test("sign out everywhere ends every browser session of the user", async ({ request }) => {
    const user = await newUser(request);
    const [a, b] = [await browser(user.email), await browser(user.email)];
    const [ca, cb] = [await sessionCookie(a), await sessionCookie(b)];
    const { revokedSessions } = await ok(await a.delete("/api/v1/me/sessions", { headers: { origin: base() } }));
    expect(revokedSessions).toBe(2);
    expectOut(await replay(ca));
    expectOut(await replay(cb));
    // Tokens are not sessions: they keep working until revoked.
    expect((await request.get("/api/v1/me", { headers: user.headers })).status()).toBe(200);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  test("changing your password signs out your other sessions, not this one; a wrong current password is 422", async ({ request }) => {
    const user = await newUser(request);
    const [mine, other] = [await browser(user.email), await browser(user.email)];
    const [cMine, cOther] = [await sessionCookie(mine), await sessionCookie(other)];
    const wrong = await mine.post("/api/v1/me/password", {
      headers: { origin: base() },
      data: { currentPassword: "not my password", newPassword: "a-brand-new-one" },
    });
    expect(wrong.status()).toBe(422);
    expect((await wrong.json()).error.details.issues).toEqual([{ path: "currentPassword", message: "The current password is wrong" }]);
    const weak = await mine.post("/api/v1/me/password", {
      headers: { origin: base() },
      data: { currentPassword: PASSWORD, newPassword: "password123" },
    });
    expect(weak.status()).toBe(422);
    expect(
      await ok(
        await mine.post("/api/v1/me/password", {
          headers: { origin: base() },
          data: { currentPassword: PASSWORD, newPassword: "a-brand-new-one" },
        }),
      ),
    ).toEqual({ revokedSessions: 1 });
    expect(await replay(cMine)).toEqual(stillIn);
    expectOut(await replay(cOther));
    expect(
      (await request.post("/api/v1/tokens", { data: { email: user.email, password: PASSWORD, name: "x", scopes: ["read"] } })).status(),
    ).toBe(401);
    await ok(
      await request.post("/api/v1/tokens", { data: { email: user.email, password: "a-brand-new-one", name: "x", scopes: ["read"] } }),
      201,
    );
    await Promise.all([mine.dispose(), other.dispose()]);
  });

  test("an admin disabling a user ends their sessions and stops their tokens; enabling lets them sign in again", async ({ request }) => {
    const admin = await tokenFor(request, "admin@cairn.test", ["read", "write", "admin"]);
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const ctx = await browser(user.email);
    const cookie = await sessionCookie(ctx);
    const live = await openLive(projectId, user.headers);
    const { users } = await ok(await request.get("/api/v1/users", { headers: admin.headers }));
    const id = users.find((u: { email: string }) => u.email === user.email).id;
    const { user: disabled } = await ok(await request.patch(`/api/v1/users/${id}`, { headers: admin.headers, data: { disabled: true } }));
    expect(disabled.disabledAt).not.toBeNull();
    expect(await live.closesWithin(3_000)).toBe(true);
    expectOut(await replay(cookie));
    expect((await request.get("/api/v1/projects", { headers: user.headers })).status()).toBe(401);
    const refused = await request.post("/api/v1/tokens", { data: { email: user.email, password: PASSWORD, name: "x", scopes: ["read"] } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toBe("This account has been disabled. Ask the admin of this Cairn.");
    // A non-admin cannot do this.
    expect(
      (await request.patch(`/api/v1/users/${id}`, { headers: (await newUser(request)).headers, data: { disabled: false } })).status(),
    ).toBe(403);
    await ok(await request.patch(`/api/v1/users/${id}`, { headers: admin.headers, data: { disabled: false } }));
    expect((await request.get("/api/v1/projects", { headers: user.headers })).status()).toBe(200);
    const again = await browser(user.email);
    expect((await again.get("/api/v1/me")).status()).toBe(200);
    await Promise.all([ctx.dispose(), again.dispose()]);
  });
});
