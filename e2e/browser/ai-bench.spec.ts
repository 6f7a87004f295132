import { expect, test, type Locator, type Page } from "@playwright/test";
import { benchReplies } from "../support/bench";
import { ollama } from "../support/ollama";
import { signInInBrowser } from "../support/pages";

// Settings → AI bench on two models the test server answers at scripted speeds (5 and 40 tokens
// a second), plus one the server says is missing: the table, the per-model error, and the
// recommendation. Its models are its own, so the specs running beside it are not disturbed.
const ADMIN = "admin@cairn.test";
const stamp = Date.now().toString(36);
const SLOW = `bench-slow-${stamp}:7b`;
const QUICK = `bench-quick-${stamp}:1b`;
const MISSING = "fault-404-model-not-found:latest";

async function control(path: string, body: unknown) {
  const res = await fetch(`${ollama}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
}

/** The number in a cell such as "5.0 tok/s" or "1.42 s" (in ms for times). */
async function figure(cell: Locator): Promise<number> {
  const text = (await cell.textContent()) ?? "";
  const m = /([\d.]+)\s*(tok\/s|ms|s)/.exec(text);
  expect(m, `a figure in "${text}"`).not.toBeNull();
  return Number(m![1]) * (m![2] === "s" ? 1000 : 1);
}

const within = (actual: number, expected: number) => {
  expect(actual).toBeGreaterThanOrEqual(expected * 0.9);
  expect(actual).toBeLessThanOrEqual(expected * 1.1);
};

async function shoot(page: Page, name: string) {
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `/tmp/bench-${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("run the bench on two models: a table per model with what the server was told, an error for a missing model, a recommendation per role", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Two models of its own, installed the way a user would (a pull), each with its speed and its answers.
  for (const name of [SLOW, QUICK]) await control("/api/pull", { model: name, stream: false });
  await control("/__control/speeds", { model: SLOW, speed: { tokensPerSecond: 5, loadMs: 1500, promptMs: 1500 } });
  await control("/__control/speeds", { model: QUICK, speed: { tokensPerSecond: 40, loadMs: 500, promptMs: 1500 } });
  await control("/__control/script", { model: SLOW, replies: benchReplies({ tokens: 8 }) });
  await control("/__control/script", { model: QUICK, replies: benchReplies({ tokens: 40, fenced: ["expand"] }) });

  await page.setViewportSize({ width: 1440, height: 900 });
  await signInInBrowser(page, ADMIN);
  await page.goto("/settings/ai");
  await page.getByRole("link", { name: "AI bench" }).click();
  await expect(page.getByRole("heading", { name: "Model bench" })).toBeVisible();

  // What the page says when the results cannot be read, and before any run (answers stood in for the server's).
  const overview = "**/api/v1/ai/bench";
  await page.route(overview, (r) =>
    r.fulfill({ status: 503, json: { error: { code: "unavailable", message: "The database is busy; try again.", details: null } } }),
  );
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: "Could not load the bench results" })).toBeVisible({ timeout: 30_000 });
  await shoot(page, "error");
  await page.unroute(overview);
  await page.route(overview, (r) => r.fulfill({ json: { bench: { runs: [], active: null, recommendations: [], method: "" } } }));
  await page.reload();
  await expect(page.getByTestId("bench-empty")).toBeVisible();
  await shoot(page, "empty");
  await page.unroute(overview);
  await page.reload();

  // Choose by keyboard: the checkboxes and the button are ordinary form controls.
  const start = page.getByTestId("bench-start");
  await expect(start).toBeDisabled();
  for (const name of [SLOW, MISSING, QUICK]) {
    const box = page.getByRole("checkbox", { name: new RegExp(name.replace(/[.:]/g, "\\$&")) });
    await box.focus();
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
  await expect(start).toHaveText("Run the bench on 3 models");
  // One bench at a time per instance: let a run another spec started finish first.
  await expect.poll(async () => (await (await page.request.get("/api/v1/ai/bench")).json()).bench.active, { timeout: 60_000 }).toBeNull();
  await start.focus();
  await page.keyboard.press("Enter");

  const run = page.getByTestId("bench-run");
  await expect(page.getByTestId("bench-progress")).toBeVisible();
  await expect(page.getByTestId("bench-progress").getByRole("status")).toContainText(`Model 1 of 3: ${SLOW}`);
  await shoot(page, "running");

  // The run is the server's: leaving the page and coming back finds it still going (or done).
  await page.goto("/settings/ai");
  await page.goto("/settings/ai/bench");
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "done", { timeout: 120_000 });

  const table = (model: string) => page.locator(`[data-testid="bench-model"][data-model="${model}"]`);
  const speed = (model: string, job: string) => table(model).locator(`[data-job="${job}"] td`).nth(2);
  const summary = (model: string) => table(model).getByTestId("bench-summary").locator("td");

  await expect(table(SLOW).getByTestId("bench-model-status")).toHaveText("valid 3/3");
  for (const job of ["parse-prd", "expand", "complexity"]) within(await figure(speed(SLOW, job)), 5);
  within(await figure(summary(SLOW).nth(0)), 1500); // the cold load
  within(await figure(table(SLOW).locator('[data-job="parse-prd"] td').nth(1)), 1500 + 1500 + 200); // first token: load + prompt + one token

  await expect(table(QUICK).getByTestId("bench-model-status")).toHaveText("valid 3/3");
  for (const job of ["parse-prd", "expand", "complexity"]) within(await figure(speed(QUICK, job)), 40);
  await expect(table(QUICK).locator('[data-job="expand"]').getByTestId("bench-validity")).toHaveText("valid after repair");
  await expect(table(QUICK).locator('[data-job="parse-prd"]').getByTestId("bench-validity")).toHaveText("valid first time");

  await expect(table(MISSING).getByTestId("bench-model-status")).toHaveText("could not be benched");
  await expect(table(MISSING).getByRole("alert")).toContainText("not found");

  // Both are valid 3/3; the quick one reaches its first token sooner.
  const fast = page.locator('[data-testid="bench-recommendation"][data-role="fast"]');
  await expect(fast).toContainText(`fast: ${QUICK} —`);
  await expect(fast).toContainText(/\d\.\d s to first token, valid 3\/3/);
  await expect(page.getByTestId("bench-method")).toContainText("fast: among the models with the most valid plans");
  await shoot(page, "done");
});
