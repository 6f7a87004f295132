import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { addTask, newProject, newUser, ok, unique } from "../support/api";
import { signInInBrowser } from "../support/pages";

// AI narratives are covered by the Vitest service tests against the Ollama-protocol server: here
// the AI settings are shared with ai-plan.spec, which points every role at a dead endpoint for a while.

test("generate a report in the page: the figures, a byte-identical .md download and the saved history", async ({ page, request }) => {
  const user = await newUser(request);
  const name = unique("Garden shed");
  const projectId = await newProject(request, user, name);
  const set = async (ref: string, status: string) =>
    ok(await request.patch(`/api/v1/projects/${projectId}/tasks/${ref}`, { headers: user.headers, data: { status } }));
  await addTask(request, user, projectId, { title: "Pour the base" });
  await addTask(request, user, projectId, { title: "Frame the walls", dependencies: ["1"] });
  await addTask(request, user, projectId, { title: "Roof", dependencies: ["2"] });
  await addTask(request, user, projectId, { title: "Paint it | twice", dependencies: ["2"] });
  await addTask(request, user, projectId, { title: "Solar panel" });
  await set("1", "done");
  await set("2", "done");
  await set("2", "in-progress"); // reopened
  await set("5", "cancelled");

  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/reports`);
  await expect(page.getByTestId("reports-empty")).toBeVisible();
  await expect(page.getByTestId("report-history-empty")).toHaveText("No saved reports yet. Every report you generate is kept here.");
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("14d");

  await page.getByRole("button", { name: "Generate report" }).click();
  const report = page.getByTestId("report");
  await expect(report).toBeVisible();
  // Five tasks created, one cancelled: scope 0 → 4. #1 done; #2 done then reopened.
  const figure = (id: string) => page.getByTestId(`report-figure-${id}-value`);
  await expect(figure("completed")).toHaveText("1");
  await expect(figure("done")).toHaveText("1/4");
  await expect(figure("scope")).toHaveText("0 → 4");
  await expect(figure("reopened")).toHaveText("1");
  await expect(figure("in-progress")).toHaveText("1");
  await expect(figure("blocked")).toHaveText("2");
  await expect(page.getByTestId("report-figure-done")).toContainText("25% · was 0/0");
  // The charts drew their series: scope and done lines, and this week's bar.
  await expect(page.getByTestId("report-burnup").locator("path.recharts-line-curve")).toHaveCount(2);
  await expect(page.getByTestId("report-throughput").locator(".recharts-bar-rectangle path")).not.toHaveCount(0);

  // The preview is the markdown, rendered.
  const preview = page.getByTestId("report-preview");
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText(`Progress report: ${name}`);
  await expect(preview.getByRole("row", { name: /Completed in the period/ })).toHaveText(/Completed in the period\s*1\s*0/);
  await expect(preview.getByRole("heading", { name: "Done in the period (1)" })).toBeVisible();
  await expect(preview.getByText("#4 Paint it | twice — waiting on #2 Frame the walls (in progress)")).toBeVisible();

  // The download is byte for byte the markdown behind the preview, and what the API saved.
  const markdown = await page.getByTestId("report-markdown").textContent();
  expect(markdown).toContain("# Progress report: ");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .md" }).click()]);
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  const { project } = await ok(await request.get(`/api/v1/projects/${projectId}`, { headers: user.headers }));
  expect(download.suggestedFilename()).toBe(`${project.slug}-report-${today}.md`);
  const file = fs.readFileSync((await download.path())!, "utf8");
  expect(file).toBe(markdown);
  const reportId = await report.getAttribute("data-report-id");
  const saved = await ok(await request.get(`/api/v1/projects/${projectId}/reports/${reportId}`, { headers: user.headers }));
  expect(file).toBe(saved.markdown);
  await expect(page).toHaveURL(new RegExp(`[?&]report=${reportId}`));

  // A second report, for a custom single day: today.
  await page.getByLabel("Period", { exact: true }).selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill(today);
  await page.getByLabel("To", { exact: true }).fill(today);
  await page.getByRole("button", { name: "Generate report" }).click();
  await expect(page.locator(`[data-testid="report"]:not([data-report-id="${reportId}"])`)).toBeVisible();
  await expect(page.getByTestId("report-period")).not.toContainText("–");
  const items = page.getByTestId("report-history-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute("aria-current", "true");
  await expect(items.nth(1)).toHaveAttribute("data-report-id", reportId!);

  // The history opens the first one again, exactly as saved.
  await items.nth(1).click();
  await expect(page.locator(`[data-testid="report"][data-report-id="${reportId}"]`)).toBeVisible();
  await expect(items.nth(1)).toHaveAttribute("aria-current", "true");
  expect(await page.getByTestId("report-markdown").textContent()).toBe(saved.markdown);

  // A custom range that ends before it starts is caught before it is sent.
  await page.getByLabel("Period", { exact: true }).selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill("2026-03-10");
  await page.getByLabel("To", { exact: true }).fill("2026-03-01");
  await expect(page.getByRole("alert").filter({ hasText: "The start date is after the end date." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate report" })).toBeDisabled();
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/reports`, { headers: user.headers }))).reports).toHaveLength(2);
});
