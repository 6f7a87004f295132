import { expect, type Page } from "@playwright/test";
import { PASSWORD, unique } from "./api";

/** Signs up a fresh user through the sign-up page and lands on Projects. */
export async function signUpInBrowser(page: Page) {
  const email = `${unique("browser")}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
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
