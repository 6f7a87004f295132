import { expect, test, type Page } from "@playwright/test";
import { signInInBrowser } from "../support/pages";

// The app talks to the Ollama-protocol test server (OLLAMA_BASE_URL, set by `npm test`) as the
// endpoint "local". These specs never change the AI settings: others rely on the defaults.
const ollama = `http://127.0.0.1:${process.env.CAIRN_TEST_OLLAMA_PORT ?? "11555"}`;
const ADMIN = "admin@cairn.test";

let seq = 0;
// The test server is shared by both workers, so every test uses model names of its own.
const modelName = (what: string) => `e2e-${what}-${process.pid}-${Date.now().toString(36)}-${++seq}:1b`;

async function control(path: string, body: unknown) {
  const res = await fetch(`${ollama}/__control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function pullRequestsFor(model: string) {
  const { requests } = (await (await fetch(`${ollama}/__control/requests?path=/api/pull`)).json()) as {
    requests: { body: { model?: string } | null; clientClosed: boolean }[];
  };
  return requests.filter((r) => r.body?.model === model);
}

async function installedOnServer(): Promise<string[]> {
  const { models } = (await (await fetch(`${ollama}/api/tags`)).json()) as { models: { name: string }[] };
  return models.map((m) => m.name);
}

async function openAiSettings(page: Page) {
  await signInInBrowser(page, ADMIN);
  await page.goto("/settings/ai");
  const endpoint = page.getByTestId("ai-endpoint-local");
  await expect(endpoint.getByTestId("ai-health")).toContainText("Reachable");
  return endpoint;
}

test("the admin sees the test server reachable, with its models and sizes", async ({ page }) => {
  const endpoint = await openAiSettings(page);
  await expect(endpoint.getByTestId("ai-health")).toContainText(/Ollama \d+\.\d+\.\d+/);
  const models = endpoint.getByTestId("ai-models");
  await expect(models).toContainText("llama3.2:latest");
  await expect(models).toContainText("qwen3:8b");
  await expect(models.locator('li[data-model="llama3.2:latest"]')).toContainText("2.0 GB");
  // Whether the roles are ready is not asserted: ai-plan.spec points them at a dead endpoint for a while.
});

test("pull a model: the progress bar climbs to 100 % and the model is listed", async ({ page }) => {
  const name = modelName("pull");
  // A gap between progress lines, so the bar has intermediate values to show.
  await control("script", { model: name, reply: { delayMs: 250 } });
  const endpoint = await openAiSettings(page);
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { pullValues: number[] }).pullValues = seen;
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid="pull-progress"]')?.getAttribute("aria-valuenow");
      if (v != null && seen.at(-1) !== Number(v)) seen.push(Number(v));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });

  await page.getByLabel("Model name").fill(name);
  await page.getByRole("button", { name: "Pull", exact: true }).click();
  const bar = page.getByRole("progressbar", { name: `Pulling ${name}` });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 15_000 });
  await expect(page.getByText(`${name} is installed.`)).toBeVisible();

  const values = await page.evaluate(() => (window as unknown as { pullValues: number[] }).pullValues);
  expect(values.some((v) => v > 0 && v < 100)).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  await expect(endpoint.getByTestId("ai-models")).toContainText(name);
  expect(await installedOnServer()).toContain(name);
});

test("cancel a slow pull: the download stops and nothing is installed", async ({ page }) => {
  const name = modelName("cancel");
  await control("script", { model: name, reply: { delayMs: 5_000 } });
  const endpoint = await openAiSettings(page);
  await page.getByLabel("Model name").fill(name);
  await page.getByRole("button", { name: "Pull", exact: true }).click();
  await expect(page.getByTestId("pull-progress")).toBeVisible();
  // Cancel only once Ollama is downloading, so the cancel has something to stop.
  await expect.poll(async () => (await pullRequestsFor(name)).length).toBe(1);

  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText(`Cancelled: ${name} is not installed.`)).toBeVisible();
  await expect(page.getByTestId("pull-progress")).toHaveCount(0);
  await expect.poll(async () => (await pullRequestsFor(name))[0]?.clientClosed, { timeout: 10_000 }).toBe(true);
  expect(await installedOnServer()).not.toContain(name);
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(endpoint.getByTestId("ai-models")).toContainText("llama3.2:latest");
  await expect(endpoint.getByTestId("ai-models")).not.toContainText(name);
});

test("Test asks the model for an answer, and the run appears in the run log", async ({ page }) => {
  const name = modelName("probe");
  // Installed straight on the server: this test is about Test, not Pull.
  const pulled = await fetch(`${ollama}/api/pull`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: name, stream: false }),
  });
  expect(pulled.status).toBe(200);
  const endpoint = await openAiSettings(page);
  const row = endpoint.locator(`li[data-model="${name}"]`);
  await row.getByRole("button", { name: `Test ${name}` }).click();
  await expect(row.getByTestId("ai-test-result")).toContainText(`Answered by ${name} on Local Ollama`);
  await expect(row.getByTestId("ai-test-result")).toContainText(/first token \d/);

  await page.getByRole("link", { name: "AI runs" }).click();
  await expect(page).toHaveURL(/\/settings\/ai\/runs$/);
  const run = page.getByTestId("run-row").filter({ hasText: name });
  await expect(run).toHaveCount(1);
  await expect(run).toContainText("test");
  await expect(run.getByTestId("run-outcome")).toHaveText("ok");
  await run.getByRole("button", { name: /Details of the test run/ }).click();
  await expect(page.getByText(ollama, { exact: true })).toBeVisible();
});
