// Settings → AI on a Cairn server and an Ollama-protocol server of their own (the main model
// changes here, which would disturb the AI specs running beside it): create a planner model from
// the proposed Modelfile and use it as the main model, a failed create that changes nothing,
// deleting a model with a confirmation, and keeping a role's model warm.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { startOllamaServer } from "../ollama-server/server.mjs";
import { PASSWORD } from "../support/api";
import { startOwnServer, type OwnServer } from "../support/own-server";

const ADMIN = "admin@cairn.test";
// Its own next start beside the shared one: pages take longer to settle on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
type Ollama = Awaited<ReturnType<typeof startOllamaServer>>;
let ollama: Ollama;
let server: OwnServer;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Status lines 120 ms apart: slow enough to see the progress, quick enough for the test.
  ollama = await startOllamaServer({ port: 0, config: { pullDelayMs: 120, tokenDelayMs: 1 } });
  ollama.setModels(["llama3.2", { name: "tiny-base:1b", contextLength: 4096, capabilities: ["completion", "tools"] }]);
  server = await startOwnServer({ env: { OLLAMA_BASE_URL: ollama.url, OLLAMA_MODEL: undefined, OLLAMA_FALLBACK_MODELS: undefined } });
  const signIn = await server.request.post("/api/v1/tokens", {
    data: { email: ADMIN, password: PASSWORD, name: "planner spec", scopes: ["read", "write", "admin"] },
  });
  expect(signIn.status()).toBe(201);
  token = ((await signIn.json()) as { token: string }).token;
});

test.beforeEach(async () => {
  // A known start: main is llama3.2, nothing kept warm.
  const reset = await server.request.patch("/api/v1/ai/settings", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: ollama.url }],
      roles: { main: [{ endpointId: "local", model: "llama3.2" }], fast: [], complex: [], fallback: [] },
      keepAlive: { main: null, fast: null, complex: null, fallback: null },
      numCtx: 8192,
    },
  });
  expect(reset.status()).toBe(200);
});

test.afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

async function signIn(page: Page) {
  await page.goto(`${server.baseURL}/signin`);
  await page.getByLabel("Email").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 30_000 });
  await page.goto(`${server.baseURL}/settings/ai`);
  await expect(page.getByTestId("ai-ready")).toBeVisible({ timeout: 15_000 });
}

const planner = (page: Page) => page.locator("section", { has: page.getByRole("heading", { name: "Create a planner model" }) });

test("create a planner model from the proposed Modelfile and use it as the main model; a failed create changes nothing", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  const section = planner(page);
  await section.scrollIntoViewIfNeeded();
  await section.getByLabel("Base model").selectOption("tiny-base:1b");
  const modelfile = section.getByLabel("Modelfile");
  // The proposal: FROM the base, the planning prompt, num_ctx within the base's 4,096 tokens.
  await expect(modelfile).toHaveValue(/^FROM tiny-base:1b$/m);
  await expect(modelfile).toHaveValue(/SYSTEM """You are Cairn's planning model/);
  await expect(modelfile).toHaveValue(/^PARAMETER num_ctx 4096$/m);
  await expect(section.getByLabel("Name for the model")).toHaveValue("cairn-planner:tiny-base-1b");

  // More context than the base holds is refused before anything is sent.
  const proposed = await modelfile.inputValue();
  await modelfile.fill(proposed.replace("PARAMETER num_ctx 4096", "PARAMETER num_ctx 9000"));
  await expect(section.getByText("num_ctx 9000 is more than tiny-base:1b can hold (4,096 tokens)")).toBeVisible();
  await expect(section.getByRole("button", { name: "Create cairn-planner:tiny-base-1b" })).toBeDisabled();
  await modelfile.fill(proposed.replace("PARAMETER temperature", "PARAMETER top_k 30\nPARAMETER temperature"));

  await section.getByRole("button", { name: "Create cairn-planner:tiny-base-1b" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Creating cairn-planner:tiny-base-1b" })).toBeVisible();
  await expect(section.getByTestId("create-model-progress").getByText("writing manifest")).toBeVisible();
  const done = section.getByTestId("create-model-done");
  await expect(done).toContainText("cairn-planner:tiny-base-1b is installed on Local Ollama");
  const sent = ollama.requestsTo("/api/create").at(-1)!.body as Record<string, unknown>;
  expect(sent).toMatchObject({ model: "cairn-planner:tiny-base-1b", from: "tiny-base:1b", parameters: { num_ctx: 4096, top_k: 30 } });

  // Offered for main: among the models the main role can pick, and one click away.
  await expect(page.locator('datalist option[value="cairn-planner:tiny-base-1b"]')).toHaveCount(1);
  await expect(page.getByTestId("ai-endpoint-local").locator('[data-model="cairn-planner:tiny-base-1b"]')).toBeVisible();
  await done.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/planner-created-1440.png", fullPage: false });
  await done.getByRole("button", { name: "Use cairn-planner:tiny-base-1b as the main model" }).click();
  await expect(done).toContainText("and is now the main model");
  await expect(page.getByTestId("ai-role-main").getByRole("combobox", { name: "Main model 1", exact: true })).toHaveValue(
    "cairn-planner:tiny-base-1b",
  );
  await expect(page.getByTestId("ai-role-main").getByRole("combobox", { name: "Main model 2", exact: true })).toHaveValue("llama3.2");
  await expect(page.getByTestId("ai-ready")).toContainText("Main jobs use cairn-planner:tiny-base-1b");

  // A create Ollama gives up on: said plainly, nothing installed, the main model as it was.
  ollama.script("cairn-planner:broken", { error: "write manifest: no space left on device", afterChunks: 2 });
  await section.getByLabel("Name for the model").fill("cairn-planner:broken");
  await section.getByRole("button", { name: "Create cairn-planner:broken" }).click();
  await expect(section.getByText(/cairn-planner:broken was not created: .*no space left on device.* settings are unchanged/)).toBeVisible();
  await expect(page.getByTestId("ai-endpoint-local").locator('[data-model="cairn-planner:broken"]')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("ai-role-main").getByRole("combobox", { name: "Main model 1", exact: true })).toHaveValue(
    "cairn-planner:tiny-base-1b",
  );

  await page.setViewportSize({ width: 390, height: 844 });
  await planner(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/planner-390.png", fullPage: false });

  // Deleting asks first and says the main role uses it; afterwards it is gone from the list.
  await page.setViewportSize({ width: 1440, height: 900 });
  const row = page.getByTestId("ai-endpoint-local").locator('[data-model="cairn-planner:tiny-base-1b"]');
  await row.getByRole("button", { name: "Delete cairn-planner:tiny-base-1b" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete cairn-planner:tiny-base-1b?" });
  await expect(dialog.getByTestId("delete-model-used-by")).toContainText("The main, fast roles use it");
  await page.screenshot({ path: "/tmp/planner-delete-1440.png", fullPage: false });
  await dialog.getByRole("button", { name: "Delete model" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  expect(ollama.requestsTo("/api/delete").map((r) => (r.body as { model: string }).model)).toEqual(["cairn-planner:tiny-base-1b"]);
});

test("a role's model kept warm: its keep-alive is sent, Load now and Unload show what Ollama holds", async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  const main = page.getByTestId("keep-warm-main");
  await main.scrollIntoViewIfNeeded();
  await main.getByLabel("Keep-alive for the main role").selectOption("-1");
  await page.getByRole("button", { name: "Save keep-alive" }).click();
  await expect(page.getByText("Keep-alive saved")).toBeVisible();

  await main.getByRole("button", { name: "Load the main model now" }).click();
  await expect(page.getByTestId("keep-warm-result")).toContainText("with the main role's keep-alive: kept loaded");
  await expect(main.getByTestId("keep-warm-state")).toContainText("In memory · kept loaded");
  const load = ollama.requestsTo("/api/generate").at(-1)!.body as Record<string, unknown>;
  expect(load).toMatchObject({ prompt: "", keep_alive: -1 });
  const ps = (await (await fetch(`${ollama.url}/api/ps`)).json()) as { models: { name: string }[] };
  expect(ps.models.map((m) => m.name)).toHaveLength(1);
  await page.screenshot({ path: "/tmp/keep-warm-1440.png", fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await main.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/keep-warm-390.png", fullPage: false });
  await page.setViewportSize({ width: 1440, height: 900 });

  await main.getByRole("button", { name: "Unload the main model" }).click();
  await expect(main.getByTestId("keep-warm-state")).toHaveText("Not in memory");
  expect((ollama.requestsTo("/api/generate").at(-1)!.body as { keep_alive: unknown }).keep_alive).toBe(0);
  expect(((await (await fetch(`${ollama.url}/api/ps`)).json()) as { models: unknown[] }).models).toEqual([]);

  // Ollama gone: a plain message, and the page keeps working.
  await ollama.close();
  await main.getByRole("button", { name: "Load the main model now" }).click();
  await expect(page.getByText(/Nothing is listening at .*Is Ollama running\?/).first()).toBeVisible();
});
