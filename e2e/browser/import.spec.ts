import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { columnRefs, createProjectInBrowser, signUpInBrowser } from "../support/pages";

const FIXTURE = path.join(__dirname, "..", "fixtures", "tasks-tagged.json");
const shots = process.env.CAIRN_SCREENSHOTS;
// Each test signs up (a deliberately slow password check) and walks several dialogs.
test.describe.configure({ timeout: 90_000 });

test("import a Task Master tasks.json through the page", async ({ page }) => {
  await signUpInBrowser(page);
  await page.getByRole("button", { name: "Import tasks.json" }).first().click();
  await page.getByTestId("import-file").setInputFiles(FIXTURE);
  // Nothing is written before the user has seen the preview.
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("2 tags in the file: 5 tasks, 2 subtasks");
  await expect(page.getByTestId("import-preview-master")).toContainText("3 tasks, 2 subtasks, 4 dependencies");
  await expect(page.getByTestId("import-preview-master")).toContainText("A new project");
  expect((await (await page.request.get("/api/v1/projects")).json()).projects).toEqual([]);
  await page.getByRole("button", { name: "Import 2 projects" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toContainText("3 tasks, 2 subtasks, 4 dependencies");
  await expect(result).toContainText("tag “master”");
  await expect(result).toContainText("tag “feature-auth”");
  await expect(result.getByText(/note.* about the import/).first()).toBeVisible();
  await result.getByRole("link").first().click();
  await expect(page.getByTestId("task-table")).toBeVisible();
  await expect(page.getByTestId("task-row-1.1")).toBeVisible();
  await expect(page.getByLabel("Status of #1", { exact: true })).toHaveValue("done");
  await expect(page.getByTestId("next-task-title")).toContainText("#2");
});

test("a file with subtasks nested 50,000 deep is refused on the page with the limit named, and no project appears", async ({ page }) => {
  await signUpInBrowser(page);
  await page.getByRole("button", { name: "Import tasks.json" }).first().click();
  const depth = 50_000;
  const text = `{"tasks":[{"id":1,"title":"Root"${',"subtasks":[{"id":1,"title":"Deeper"'.repeat(depth)}${"}]".repeat(depth)}}]}`;
  await page.getByTestId("import-file").setInputFiles({ name: "tasks.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByText("JSON is nested too deeply (limit 64 levels)")).toBeVisible();
  await expect(page.getByTestId("import-result")).toHaveCount(0);
  const res = await page.request.get("/api/v1/projects");
  expect(res.status()).toBe(200);
  expect((await res.json()).projects).toEqual([]);
});

test("importing an edited file again updates the same projects: preview, update, no new projects, the changed title shown", async ({
  page,
}) => {
  await signUpInBrowser(page);
  await page.getByRole("button", { name: "Import tasks.json" }).first().click();
  await page.getByTestId("import-file").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import 2 projects" }).click();
  await expect(page.getByTestId("import-result")).toContainText("tag “master”");
  await page.getByRole("button", { name: "Done" }).click();

  const file = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
  file.master.tasks[1].title = "Design the database schema (v2)";
  file.master.tasks[2] = { id: 4, title: "Write the deploy guide", status: "pending", dependencies: [2] };
  await page.getByRole("button", { name: "Import tasks.json" }).first().click();
  await page
    .getByTestId("import-file")
    .setInputFiles({ name: "tasks.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("2 tags match projects you imported before");
  await expect(page.getByRole("radio", { name: /Update those projects/ })).toBeChecked();
  await expect(page.getByTestId("import-preview-master").getByTestId("import-change-summary")).toHaveText(
    "Updates “Imported plan”: 1 new, 1 changed, 3 unchanged, 1 no longer in the file",
  );
  const removals = page.getByTestId("import-removals");
  await expect(removals).toContainText("#3 Build the REST API");
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${shots}/import-preview-update-${w}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  // Removing is opt-in: the button says so once the box listing the tasks is ticked.
  await removals.getByRole("checkbox").check();
  await expect(page.getByRole("button", { name: "Update 2 projects, removing 1 task" })).toBeVisible();
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${shots}/import-update-confirm-${w}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await removals.getByRole("checkbox").uncheck();
  await page.getByRole("button", { name: "Update 2 projects" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toContainText("Updated: 1 new, 1 changed");
  const { projects } = await (await page.request.get("/api/v1/projects")).json();
  expect(projects).toHaveLength(2);
  await result.getByRole("link", { name: "Imported plan" }).click();
  await expect(page.getByTestId("task-table")).toBeVisible();
  await expect(page.getByTestId("task-row-2")).toContainText("Design the database schema (v2)");
  await expect(page.getByTestId("task-row-4")).toContainText("Write the deploy guide");
  // Kept: it was not confirmed for removal.
  await expect(page.getByTestId("task-row-3")).toContainText("Build the REST API");
});

test("an empty project offers Plan from a PRD, Import and Add a task on its board", async ({ page }) => {
  await signUpInBrowser(page);
  await createProjectInBrowser(page, "Fresh start");
  await page.goto(`${new URL(page.url()).pathname.replace(/\/[^/]+$/, "")}/board`);
  const empty = page.getByTestId("empty-project");
  await expect(empty.getByRole("link", { name: "Plan from a PRD" })).toBeVisible();
  await expect(empty.getByTestId("empty-project-model")).toHaveText(/^(Model ready: .+|No model is reachable.*)$/);
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${shots}/import-empty-project-${w}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await empty.getByRole("button", { name: "Add a task" }).click();
  await expect(page.getByLabel("Add a task to Pending")).toBeFocused();
  await empty.getByRole("button", { name: "Import a Task Master file" }).click();
  await expect(page.getByRole("dialog", { name: "Import a Task Master tasks.json" })).toBeVisible();
});

test("Import on an empty project's board brings the chosen tag into that project, not into new ones", async ({ page }) => {
  await signUpInBrowser(page);
  await createProjectInBrowser(page, "Fresh start");
  const board = `${new URL(page.url()).pathname.replace(/\/[^/]+$/, "")}/board`;
  await page.goto(board);
  await page.getByTestId("empty-project").getByRole("button", { name: "Import a Task Master file" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a Task Master tasks.json" });
  await expect(dialog).toContainText("The file's tasks go into Fresh start");
  await dialog.getByTestId("import-file").setInputFiles(FIXTURE);
  const preview = dialog.getByTestId("import-preview");
  await expect(preview).toContainText("2 tags in the file; from “master”: 3 tasks, 2 subtasks");
  await expect(dialog.getByTestId("import-change-summary")).toHaveText("Goes into “Fresh start”: 5 new tasks");
  // The other tag can be chosen instead; the preview follows.
  const tagChoice = dialog.getByLabel("Tag to import into Fresh start");
  await tagChoice.selectOption("feature-auth");
  await expect(preview).toContainText("from “feature-auth”: 2 tasks");
  await tagChoice.selectOption("master");
  await expect(dialog.getByTestId("import-change-summary")).toHaveText("Goes into “Fresh start”: 5 new tasks");
  // Nothing was written by the previews.
  expect((await (await page.request.get("/api/v1/projects")).json()).projects).toEqual([
    expect.objectContaining({ name: "Fresh start", taskCount: 0 }),
  ]);
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${shots}/import-into-project-${w}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await dialog.getByRole("button", { name: "Import into Fresh start" }).click();
  // The outcome is said once, and the board behind fills in: the empty-project panel (and the dialog) give way.
  await expect(page.getByTestId("toast").filter({ hasText: "Imported 3 tasks, 2 subtasks into Fresh start" })).toBeVisible();
  await expect(dialog).toBeHidden();
  // The board behind fills in at once, the empty-project panel is gone, and the header counts follow.
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["2", "3"]);
  await expect.poll(() => columnRefs(page, "done")).toEqual(["1"]);
  await expect(page.getByTestId("empty-project")).toHaveCount(0);
  await expect(page.getByText("1/3 done")).toBeVisible();
  const { projects } = await (await page.request.get("/api/v1/projects")).json();
  expect(projects).toEqual([expect.objectContaining({ name: "Fresh start", taskCount: 3 })]);
  await page.reload();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["2", "3"]);
});
