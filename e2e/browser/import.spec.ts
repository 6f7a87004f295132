import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUpInBrowser } from "../support/pages";

test("import a Task Master tasks.json through the page", async ({ page }) => {
  await signUpInBrowser(page);
  await page.getByRole("button", { name: "Import tasks.json" }).first().click();
  await page.getByTestId("import-file").setInputFiles(path.join(__dirname, "..", "fixtures", "tasks-tagged.json"));
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
