import { createHash, randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { test } from "../support/contract";
import { ROUTES, routePath, type RouteKey, type RouteSpec } from "../../lib/http/routes";
import { addMember, addTask, expect, newUser, ok, PASSWORD, scratchDb, tokenFor, unique, type TestUser } from "../support/api";
import { ADMIN_EMAIL, appOrigin } from "../support/security";

// Every route in lib/http/routes.ts × every kind of caller → the status its declared scope calls
// for. "allowed" means the request got past authentication and scope: any answer but 401/403
// (and never a 500).

type Column = "no token" | "read token" | "write token" | "admin token of an admin" | "admin scope on a non-admin";
type Expect = 401 | 403 | "allowed";

const HELD: Record<Exclude<Column, "no token">, { scopes: string[]; isAdmin: boolean }> = {
  "read token": { scopes: ["read"], isAdmin: false },
  "write token": { scopes: ["read", "write"], isAdmin: false },
  "admin token of an admin": { scopes: ["read", "write", "admin"], isAdmin: true },
  "admin scope on a non-admin": { scopes: ["read", "write", "admin"], isAdmin: false },
};

function expected(spec: RouteSpec, column: Column): Expect {
  // Opened by its own secret (the metrics token), which no caller here holds: never by an API token.
  if (spec.ownSecret) return 401;
  if (column === "no token") return spec.auth === "public" ? "allowed" : 401;
  if (spec.bearer === false) return 403;
  if (spec.auth === "public") return "allowed";
  const held = HELD[column];
  if (spec.scope === "admin" && !held.isAdmin) return 403;
  return held.scopes.includes(spec.scope) ? "allowed" : 403;
}

// Bodies that pass the scope check and then stop at validation, so admin routes change nothing.
const BODIES: Partial<Record<RouteKey, unknown>> = {
  "POST /tokens": { email: "nobody@example.test" },
  "PATCH /ai/settings": { numCtx: 1 },
  "PATCH /settings": {},
  "POST /users": {},
  "POST /ai/test": {},
  "POST /ai/pull": {},
  "POST /ai/bench": {},
  "POST /ai/models": {},
  "POST /ai/models/load": {},
  "POST /ai/models/unload": {},
  "POST /projects/{projectId}/tasks": { title: "From the matrix" },
  "POST /projects/{projectId}/tasks/{ref}/move": { status: "in-progress" },
  "POST /projects/{projectId}/tasks/{ref}/notes": { body: "A note from the matrix" },
  "POST /projects/{projectId}/tasks/{ref}/dependencies": { dependsOn: "3" },
  "PATCH /projects/{projectId}/tasks/{ref}": { title: "Renamed by the matrix" },
  "PATCH /projects/{projectId}": { name: "Renamed by the matrix" },
  "POST /projects/{projectId}/members": { email: "nobody@example.test", role: "viewer" },
  "PATCH /projects/{projectId}/members/{userId}": { role: "viewer" },
  "PATCH /users/{userId}": {},
  "POST /me/password": {},
  "POST /projects": { name: "Matrix project" },
  "POST /import/taskmaster": { master: { tasks: [] } },
  "PATCH /admin/backups/settings": { keep: 0 },
  "POST /import/taskmaster/preview": { master: { tasks: [] } },
  // No repository named: stops at validation (a delivery for an unlinked one would be 404).
  "POST /integrations/github": {},
  "POST /projects/{projectId}/integrations/github": {},
  "PATCH /projects/{projectId}/integrations/github/{linkId}": {},
};

// Reads first, then writes, deletes last and the project's own deletion at the very end.
const order = (key: string) => (key === "DELETE /projects/{projectId}" ? 4 : key.startsWith("DELETE") ? 3 : key.startsWith("GET") ? 1 : 2);
const KEYS = (Object.keys(ROUTES) as RouteKey[]).sort((a, b) => order(a) - order(b));

interface Caller {
  headers: Record<string, string>;
  params: Record<string, string>;
}

const hash = (t: string) => createHash("sha256").update(t).digest("hex");

async function call(key: RouteKey, caller: Caller): Promise<number> {
  const method = key.slice(0, key.indexOf(" "));
  const spec: RouteSpec = ROUTES[key];
  const body = spec.body === "none" ? undefined : JSON.stringify(BODIES[key] ?? {});
  const res = await fetch(appOrigin + routePath(key, caller.params), {
    method,
    headers: { ...caller.headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body,
    redirect: "manual",
  });
  // Streams (live updates, SSE jobs) never end by themselves: the status is all we need.
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

/** A project of the caller's own, with what its routes need: tasks, a member to remove, a thread, a report, a token to revoke. */
async function fixtures(request: APIRequestContext, owner: TestUser, ownerEmail: string, headers: Record<string, string>) {
  const { project } = await ok(await request.post("/api/v1/projects", { headers: owner.headers, data: { name: unique("Matrix") } }), 201);
  const projectId = project.id as string;
  await addTask(request, owner, projectId, { title: "One" });
  await addTask(request, owner, projectId, { title: "Two", dependencies: ["1"] });
  await addTask(request, owner, projectId, { title: "Three" });
  const extra = await newUser(request);
  await addMember(request, owner, projectId, extra, "editor");
  if (ownerEmail !== owner.email) {
    // The caller joins as an owner the way anyone does: invited, then accepting with its own token.
    const { invitation } = await ok(
      await request.post(`/api/v1/projects/${projectId}/members`, { headers: owner.headers, data: { email: ownerEmail, role: "owner" } }),
      201,
    );
    await ok(await request.post(`/api/v1/invitations/${invitation.id}/accept`, { headers }));
  }
  // A pending invitation for the invitation routes (cancelled by the owner's DELETE; not the caller's to accept).
  const { invitation: pending } = await ok(
    await request.post(`/api/v1/projects/${projectId}/members`, {
      headers: owner.headers,
      data: { email: `${unique("invitee")}@example.test`, role: "viewer" },
    }),
    201,
  );
  const { members } = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }));
  const userId = members.find((m: { email: string }) => m.email === extra.email).userId as string;
  // Thread and report made with full rights of the caller's user (threads are per person).
  const full = await tokenFor(request, ownerEmail, ["read", "write"]);
  const { thread } = await ok(await request.post(`/api/v1/projects/${projectId}/chat/threads`, { headers: full.headers, data: {} }), 201);
  const report = await ok(await request.post(`/api/v1/projects/${projectId}/reports`, { headers: full.headers, data: {} }), 201);
  const throwaway = await tokenFor(request, ownerEmail, ["read"]);
  return {
    headers,
    params: {
      projectId,
      ref: "1",
      dependsOnRef: "2",
      userId,
      threadId: thread.id,
      reportId: report.id,
      tokenId: throwaway.id,
      invitationId: pending.id,
      job: "expand",
      nextauth: "session",
      name: "cairn-20000101-000000.db",
      rest: "no-such-route",
      linkId: "no-such-link",
      logId: "no-such-delivery",
      // No run: the admin column gets 404 and no bench is started or cancelled.
      runId: "no-such-run",
    },
  } satisfies Caller;
}

test.describe("scope matrix", () => {
  test.describe.configure({ timeout: 240_000 });

  test(`${KEYS.length} routes × 5 callers answer as their declared scope says`, async ({ request }) => {
    const user = await newUser(request);
    const read = await tokenFor(request, user.email, ["read"]);
    const write = await tokenFor(request, user.email, ["read", "write"]);
    // The admin column acts as an admin account of its own, so signing out everywhere or other
    // account routes it calls touch no session another spec is using.
    const instanceAdmin = await tokenFor(request, ADMIN_EMAIL, ["read", "write", "admin"]);
    const matrixAdminEmail = `${unique("matrix-admin")}@example.test`;
    await ok(
      await request.post("/api/v1/users", {
        headers: instanceAdmin.headers,
        data: { email: matrixAdminEmail, password: PASSWORD, name: "Matrix admin", isAdmin: true },
      }),
      201,
    );
    const admin = await tokenFor(request, matrixAdminEmail, ["read", "write", "admin"]);

    // A non-admin cannot be given the admin scope…
    const refused = await request.post("/api/v1/tokens", {
      data: { email: user.email, password: PASSWORD, name: "x", scopes: ["read", "write", "admin"] },
    });
    expect(refused.status()).toBe(403);
    // …and a token that carries it anyway (made before a demotion, say) is worth no more than write.
    const forged = `cairn_${randomBytes(24).toString("base64url")}`;
    const db = scratchDb();
    const { id: userId } = db.prepare('SELECT "id" FROM "User" WHERE "email" = ?').get(user.email) as { id: string };
    db.prepare(
      'INSERT INTO "ApiToken" ("id", "userId", "name", "prefix", "tokenHash", "scopes", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      `forged-${Date.now()}`,
      userId,
      "forged admin",
      forged.slice(0, 12),
      hash(forged),
      "admin,read,write",
      new Date().toISOString().replace("Z", "+00:00"),
    );
    db.close();

    const userAsOwner = { ...user, headers: write.headers };
    const callers: Record<Column, Caller> = {
      "no token": { headers: {}, params: (await fixtures(request, userAsOwner, user.email, {})).params },
      "read token": await fixtures(request, userAsOwner, user.email, read.headers),
      "write token": await fixtures(request, userAsOwner, user.email, write.headers),
      "admin token of an admin": await fixtures(request, userAsOwner, matrixAdminEmail, admin.headers),
      "admin scope on a non-admin": await fixtures(request, userAsOwner, user.email, { authorization: `Bearer ${forged}` }),
    };

    const wrong: string[] = [];
    let checked = 0;
    for (const column of Object.keys(callers) as Column[]) {
      for (const key of KEYS) {
        const want = expected(ROUTES[key], column);
        const got = await call(key, callers[column]);
        checked++;
        const fine = want === "allowed" ? got !== 401 && got !== 403 && got < 500 : got === want;
        if (!fine) wrong.push(`${column} · ${key}: expected ${want}, got ${got}`);
      }
    }
    expect(checked).toBe(KEYS.length * 5);
    expect(wrong, wrong.join("\n")).toEqual([]);
  });
});
