import http from "node:http";
import { request as pwRequest, test } from "@playwright/test";
import { expect, newUser, ok, PASSWORD, signInSession, unique } from "../support/api";

// Finding 9 as the attack was made: password guessing at sign-in and at POST /tokens, weak passwords.

/** A POST from another loopback address (127.0.0.x), so the per-address limit is hit without throttling the other specs. */
function postFrom(localAddress: string, baseURL: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const url = new URL(path, baseURL);
  const data = JSON.stringify(body);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

test.describe("password guessing is throttled", () => {
  test("POST /tokens: 10 wrong passwords for one account, then 429 with Retry-After — even for the right password", async ({ request }) => {
    test.setTimeout(90_000);
    const user = await newUser(request);
    const attempt = (password: string) =>
      request.post("/api/v1/tokens", { data: { email: user.email, password, name: "guess", scopes: ["read"] } });
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-guess-${i}`)).status()).toBe(401);
    const refused = await attempt("wrong-guess-10");
    expect(refused.status()).toBe(429);
    const retryAfter = Number(refused.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const body = await refused.json();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect((await attempt(PASSWORD)).status()).toBe(429);
    // The browser sign-in shares the account's count.
    const ctx = await pwRequest.newContext({ baseURL: test.info().project.use.baseURL });
    const signIn = await signInSession(ctx, user.email);
    expect(signIn.status()).toBe(429);
    expect(new URL((await signIn.json()).url).searchParams.get("error")).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    // Existing tokens keep working: throttling guards passwords, not the account.
    expect((await request.get("/api/v1/me", { headers: user.headers })).status()).toBe(200);
    await ctx.dispose();
  });

  test("sign-in page flow: wrong passwords are throttled the same way; a success before the limit resets the count", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const user = await newUser(request);
    const ctx = await pwRequest.newContext({ baseURL: test.info().project.use.baseURL });
    for (let i = 0; i < 9; i++) expect((await signInSession(ctx, user.email, `nope-${i}-nope`)).status()).toBe(401);
    expect((await signInSession(ctx, user.email)).status()).toBe(200);
    for (let i = 0; i < 10; i++) expect((await signInSession(ctx, user.email, `nope-${i}-nope`)).status()).toBe(401);
    const refused = await signInSession(ctx, user.email);
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    await ctx.dispose();
  });

  test("100 failures from one address, across any accounts, then 429 for every account from there — X-Forwarded-For does not help", async ({
    request,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const victim = await newUser(request);
    const address = `127.0.0.${2 + (process.pid % 250)}`;
    const guess = (i: number) =>
      postFrom(
        address,
        baseURL!,
        "/api/v1/tokens",
        { email: `${unique("nobody")}@example.test`, password: `guess-${i}-guess`, name: "g", scopes: ["read"] },
        { "x-forwarded-for": `203.0.113.${i % 250}` },
      );
    // One after another, as a patient attacker would (parallel password checks would also slow every other spec).
    for (let i = 0; i < 100; i++) expect((await guess(i)).status, `guess ${i}`).toBe(401);
    const refused = await postFrom(address, baseURL!, "/api/v1/tokens", {
      email: victim.email,
      password: PASSWORD,
      name: "x",
      scopes: ["read"],
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // Sign-up of a taken address from there is refused too.
    expect(
      (await postFrom(address, baseURL!, "/api/v1/signup", { email: victim.email, password: "another-password", name: "X" })).status,
    ).toBe(429);
    // Everyone else is unaffected.
    await ok(await request.post("/api/v1/tokens", { data: { email: victim.email, password: PASSWORD, name: "x", scopes: ["read"] } }), 201);
  });
});

test.describe("passwords", () => {
  test("sign-up refuses short and common passwords with a plain message", async ({ request }) => {
    for (const [password, message] of [
      ["password", "password: Password must be at least 10 characters"],
      ["12345678", "password: Password must be at least 10 characters"],
      ["password123", "password: This password is one of the most common ones: choose something harder to guess"],
      ["1234567890", "password: This password is one of the most common ones: choose something harder to guess"],
      ["QWERTYUIOP", "password: This password is one of the most common ones: choose something harder to guess"],
    ]) {
      const res = await request.post("/api/v1/signup", { data: { email: `${unique()}@example.test`, password, name: "Weak" } });
      expect(res.status(), password).toBe(422);
      expect((await res.json()).error.message, password).toBe(message);
    }
  });

  test("the admin cannot create an account with a common password either", async ({ request }) => {
    const { token } = await ok(
      await request.post("/api/v1/tokens", {
        data: { email: "admin@cairn.test", password: PASSWORD, name: "pw", scopes: ["read", "write", "admin"] },
      }),
      201,
    );
    const res = await request.post("/api/v1/users", {
      headers: { authorization: `Bearer ${token}` },
      data: { email: `${unique()}@example.test`, password: "iloveyou12", name: "Weak" },
    });
    expect(res.status()).toBe(422);
    expect((await res.json()).error.message).toMatch(/one of the most common/);
  });
});
