import { expect, test } from "@playwright/test";
import { createProjectInBrowser, quickAddTask, signUpInBrowser } from "../support/pages";

test("sign up, create a project, add dependent tasks, and watch the next task change", async ({ page }) => {
  await signUpInBrowser(page);
  await expect(page.getByText("No projects yet")).toBeVisible();
  await createProjectInBrowser(page, "Home lab rebuild");
  await expect(page).toHaveURL(/\/board$/);
  await page.getByRole("link", { name: "List", exact: true }).click();
  await expect(page.getByTestId("empty-tasks")).toBeVisible();
  await expect(page.getByTestId("next-task-reason")).toHaveText("This project has no tasks yet.");

  await quickAddTask(page, "Rack the new server", { priority: "low" });
  await quickAddTask(page, "Install Proxmox", { priority: "critical", dependsOn: "1" });

  const row2 = page.getByTestId("task-row-2");
  await expect(row2.getByTestId("blocked-badge")).toBeVisible();
  await expect(row2).toContainText("#1");
  // Critical #2 waits on #1, so low-priority #1 is what to do next.
  await expect(page.getByTestId("next-task-title")).toContainText("Rack the new server");
  await expect(page.getByTestId("next-task-reason")).toContainText("#1 is ready");

  await page.getByLabel("Status of #1", { exact: true }).selectOption("done");
  await expect(page.getByTestId("next-task-title")).toContainText("Install Proxmox");
  await expect(row2.getByTestId("blocked-badge")).toHaveCount(0);

  // Start it from the next-task panel, then confirm it persisted across a reload.
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByLabel("Status of #2")).toHaveValue("in-progress");
  await page.reload();
  await expect(page.getByLabel("Status of #2")).toHaveValue("in-progress");
  await expect(page.getByLabel("Status of #1", { exact: true })).toHaveValue("done");
});

test("the task dialog edits fields, shows a cycle inline and keeps the plan unchanged", async ({ page }) => {
  await signUpInBrowser(page);
  await createProjectInBrowser(page, "Dialog checks");
  await page.getByRole("link", { name: "List", exact: true }).click();
  await quickAddTask(page, "First");
  await quickAddTask(page, "Second", { dependsOn: "1" });
  await page.getByTestId("task-row-1").getByRole("button", { name: "First" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title", { exact: true }).fill("First, renamed");
  await dialog.getByLabel("Labels").fill("infra, urgent");
  // Fields save by themselves: the title when focus left it, the labels on Enter.
  await dialog.getByLabel("Labels").press("Enter");
  await expect(dialog.getByTestId("task-labels")).toHaveText(/infra.*urgent/);
  await expect(dialog.getByTestId("save-state")).toHaveText("Saved");
  await dialog.getByLabel("Add prerequisite").fill("Second");
  await dialog.getByRole("option", { name: /#2/ }).click();
  await expect(dialog.getByTestId("dependency-error")).toHaveText("That would create a cycle: #1 → #2 → #1");
  await page.keyboard.press("Escape");
  await expect(page).not.toHaveURL(/task=/);
  await expect(page.getByTestId("task-row-1")).toContainText("First, renamed");
  await expect(page.getByTestId("task-row-1")).toContainText("—");
});

test("sign-in rejects a wrong password and protects pages", async ({ page }) => {
  await page.goto("/projects/does-not-matter/tasks");
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email" })).toHaveText("Wrong email or password.");
});
