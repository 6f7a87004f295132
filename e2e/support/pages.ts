import { expect, type Locator, type Page } from "@playwright/test";
import { PASSWORD, unique } from "./api";

/** Signs up a fresh user through the sign-up page and lands on Projects. */
export async function signUpInBrowser(page: Page) {
  const email = `${unique("browser")}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // The password check is deliberately slow; on a busy machine it takes more than the default wait.
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 30_000 });
  return email;
}

export async function createProjectInBrowser(page: Page, name: string) {
  await page.getByRole("button", { name: "New project" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByTestId("project-name")).toHaveText(name);
}

export async function quickAddTask(page: Page, title: string, opts: { priority?: string; dependsOn?: string } = {}) {
  await page.getByLabel("New task title").fill(title);
  if (opts.priority) await page.getByLabel("Priority", { exact: true }).selectOption(opts.priority);
  if (opts.dependsOn) await page.getByLabel("Depends on").fill(opts.dependsOn);
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByTestId("task-table").getByText(title, { exact: true })).toBeVisible();
}

export async function signInInBrowser(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 30_000 });
}

/** Pointer drag the way a person does it: press, nudge past the activation distance, travel, release. */
export async function dragTo(page: Page, source: Locator, target: Locator, opts: { yOffset?: number } = {}) {
  const s = (await source.boundingBox())!;
  const t = (await target.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2 + 8, s.y + s.height / 2 + 8, { steps: 4 });
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2 + (opts.yOffset ?? 0), { steps: 20 });
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2 + (opts.yOffset ?? 0) + 1, { steps: 2 });
  await page.mouse.up();
}

/** Card refs of a board column, top to bottom. */
export async function columnRefs(page: Page, status: string): Promise<string[]> {
  return page
    .getByTestId(`column-${status}`)
    .locator("[data-card]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-card")!));
}

/** Opens a project's board and waits until it is interactive (hydrated), not just painted. */
export async function openBoard(page: Page, projectId: string) {
  await page.goto(`/projects/${projectId}/board`);
  await expect(page.locator('[data-testid="board"][data-ready="true"]')).toBeVisible();
}
