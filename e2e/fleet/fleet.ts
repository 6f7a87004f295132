// What the multi-instance specs share: both instances' addresses, the seeded account, and API
// calls made with its token against either instance.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { Seeded } from "../../scripts/fleet/harness";

export const A = process.env.CAIRN_FLEET_A!;
export const B = process.env.CAIRN_FLEET_B!;
export const seeded = JSON.parse(process.env.CAIRN_FLEET_SEED ?? "{}") as Seeded;
export const auth = { authorization: `Bearer ${seeded.token}` };

let seq = 0;
export const unique = (p: string) => `${p}-${process.pid}-${Date.now()}-${++seq}`;

export async function api<T = any>(
  request: APIRequestContext,
  base: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  data?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await request.fetch(`${base}/api/v1${path}`, { method, headers: { ...auth, ...headers }, data });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : undefined) as T };
}

export async function ok<T = any>(
  request: APIRequestContext,
  base: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  data?: unknown,
) {
  const r = await api<T>(request, base, method, path, data);
  if (r.status >= 300) throw new Error(`${method} ${base}${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A project made on instance A with the given tasks (each may name the refs it depends on). */
export async function projectWith(request: APIRequestContext, tasks: { title: string; dependencies?: string[]; priority?: string }[]) {
  const { project } = await ok(request, A, "POST", "/projects", { name: unique("Fleet") });
  for (const t of tasks) await ok(request, A, "POST", `/projects/${project.id}/tasks`, t);
  return project.id as string;
}

/** Signs in through the sign-in page of `base` with the seeded account. */
export async function signIn(page: Page, base: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(seeded.email);
  await page.getByLabel("Password").fill(seeded.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
}

export async function openBoard(page: Page, base: string, projectId: string) {
  await page.goto(`${base}/projects/${projectId}/board`);
  // An instance's first board on a busy machine may take longer to become interactive than the usual 7 s.
  await expect(page.locator('[data-testid="board"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

export function columnRefs(page: Page, status: string): Promise<string[]> {
  return page
    .getByTestId(`column-${status}`)
    .locator("[data-card]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-card")!));
}

export { freePort } from "../support/own-server";
