// Helpers for specs: unique users and projects made through the real API.
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import path from "node:path";

let seq = 0;
export const unique = (p = "u") => `${p}-${process.pid}-${Date.now()}-${++seq}`;
export const PASSWORD = "correct horse battery";

export interface TestUser {
  email: string;
  name: string;
  token: string;
  headers: Record<string, string>;
}

export async function ok<T = any>(res: APIResponse, status = 200): Promise<T> {
  if (res.status() !== status) throw new Error(`expected ${status}, got ${res.status()}: ${await res.text()}`);
  return res.status() === 204 ? (undefined as T) : ((await res.json()) as T);
}

export type Scope = "read" | "write" | "admin";

export async function newUser(request: APIRequestContext, scopes: Scope[] = ["read", "write"]): Promise<TestUser> {
  const email = `${unique()}@example.test`;
  const name = `Tester ${seq}`;
  await ok(await request.post("/api/v1/signup", { data: { email, password: PASSWORD, name } }), 201);
  const { token } = await ok(await request.post("/api/v1/tokens", { data: { email, password: PASSWORD, name: "spec", scopes } }), 201);
  return { email, name, token, headers: { authorization: `Bearer ${token}` } };
}

export async function tokenFor(request: APIRequestContext, email: string, scopes: Scope[], expiresInDays?: number) {
  const body = { email, password: PASSWORD, name: "extra", scopes, ...(expiresInDays ? { expiresInDays } : {}) };
  const { token, apiToken } = await ok(await request.post("/api/v1/tokens", { data: body }), 201);
  return { token: token as string, id: apiToken.id as string, headers: { authorization: `Bearer ${token}` } };
}

export async function newProject(request: APIRequestContext, user: TestUser, name = unique("Project")) {
  const { project } = await ok(await request.post("/api/v1/projects", { headers: user.headers, data: { name } }), 201);
  return project.id as string;
}

export async function addTask(request: APIRequestContext, user: TestUser, projectId: string, data: Record<string, unknown>) {
  const { task } = await ok(await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, data }), 201);
  return task;
}

/** Makes `member` a member of the project the way people do: the owner invites, the member accepts. */
export async function addMember(
  request: APIRequestContext,
  owner: TestUser,
  projectId: string,
  member: TestUser,
  role: "owner" | "editor" | "viewer",
) {
  const { invitation } = await ok(
    await request.post(`/api/v1/projects/${projectId}/members`, { headers: owner.headers, data: { email: member.email, role } }),
    201,
  );
  return ok(await request.post(`/api/v1/invitations/${invitation.id}/accept`, { headers: member.headers }));
}

/** Signs in the way the sign-in page does (next-auth's credentials callback); the context keeps the cookie. */
export async function signInSession(ctx: APIRequestContext, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const { csrfToken } = await ok(await ctx.get("/api/auth/csrf"));
  return ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    headers,
    maxRedirects: 0,
  });
}

/** Signs out the way the user menu does (next-auth's sign-out endpoint). */
export async function signOutSession(ctx: APIRequestContext) {
  const { csrfToken } = await ok(await ctx.get("/api/auth/csrf"));
  return ctx.post("/api/auth/signout", { form: { csrfToken, json: "true", callbackUrl: "/signin" }, maxRedirects: 0 });
}

/** The session cookie a context holds, as a Cookie header another client can replay. */
export async function sessionCookie(ctx: APIRequestContext): Promise<string> {
  const { cookies } = await ctx.storageState();
  const c = cookies.find((k) => k.name.endsWith("next-auth.session-token"));
  if (!c) throw new Error("no session cookie");
  return `${c.name}=${c.value}`;
}

/** The statements specs run on the scratch database (better-sqlite3's shape; identifiers quoted, `?` parameters). */
export interface ScratchDb {
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  exec(sql: string): void;
  close(): void;
}

/** Whether the app under test runs on PostgreSQL (DATABASE_URL=postgresql://…). */
export const onPostgres = () => /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "");

/**
 * Direct access to the scratch database, for states the API deliberately cannot create. On
 * PostgreSQL each statement runs in a child process (e2e/support/pg-query.mjs), so the helper
 * stays synchronous; `?` becomes `$1 …`.
 */
export function scratchDb(): ScratchDb {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.CAIRN_SCRATCH_DB !== "1") throw new Error("scratch database not configured");
  if (!onPostgres()) return new Database(url.replace(/^file:/, "")) as unknown as ScratchDb;
  const query = (sql: string, params: unknown[]): unknown[] => {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    const out = execFileSync(process.execPath, [path.join(process.cwd(), "e2e/support/pg-query.mjs")], {
      input: JSON.stringify({ url, sql: text, params }),
      encoding: "utf8",
    });
    return JSON.parse(out) as unknown[];
  };
  return {
    prepare: (sql) => ({ get: (...p) => query(sql, p)[0], all: (...p) => query(sql, p), run: (...p) => (query(sql, p), undefined) }),
    exec: (sql) => void query(sql, []),
    close: () => {},
  };
}

/** A snapshot of everything a project's API exposes, to prove a rejected write changed nothing. */
export async function snapshot(request: APIRequestContext, user: TestUser, projectId: string) {
  const tasks = await ok(await request.get(`/api/v1/projects/${projectId}/tasks?limit=500`, { headers: user.headers }));
  const project = await ok(await request.get(`/api/v1/projects/${projectId}`, { headers: user.headers }));
  return JSON.stringify({ tasks, project: { ...project.project, updatedAt: undefined } });
}

export { expect };
