import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { addTask, newProject, newUser, ok, type TestUser } from "../support/api";
import { openBoard, signInInBrowser } from "../support/pages";

// Every main screen, in light and in dark, through axe-core's WCAG 2.1 A/AA rules plus the
// best-practice checks that matter to keyboard and screen-reader users. Any serious or critical
// violation fails, listed with the elements it was found on.

type Theme = "light" | "dark";

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function audit(page: Page, screen: string): Promise<Finding[]> {
  // Let transitions and entrance animations settle so colours are the final ones.
  await page.waitForTimeout(250);
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    // Off by default in axe (experimental), asked for by name: accessible names start with the visible text.
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      screen,
      rule: v.id,
      impact: v.impact!,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join(" ").trim() ?? ""}`),
    }));
}

async function seed(request: Parameters<typeof newUser>[0]) {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Home lab rebuild");
  await addTask(request, user, projectId, { title: "Buy hardware", status: "done", priority: "low" });
  await addTask(request, user, projectId, {
    title: "Rack the server",
    priority: "high",
    dependencies: ["1"],
    details: "Use the **top** shelf.",
  });
  await addTask(request, user, projectId, { title: "Install Proxmox", priority: "critical", dependencies: ["2"], status: "in-progress" });
  await addTask(request, user, projectId, { title: "Configure backups", priority: "medium", dependencies: ["3"], status: "review" });
  await addTask(request, user, projectId, { title: "Migrate the old NAS", status: "cancelled" });
  await addTask(request, user, projectId, { title: "Write the runbook", dependencies: ["4"], status: "deferred" });
  await addTask(request, user, projectId, { title: "Measure the rack", parent: "2" });
  await ok(await request.post(`/api/v1/projects/${projectId}/reports`, { headers: user.headers, data: {} }), 201);
  return { user, projectId };
}

async function screens(page: Page, request: APIRequestContext, user: TestUser, projectId: string): Promise<Finding[]> {
  const found: Finding[] = [];
  const visit = async (screen: string, path: string, ready: () => Promise<void>) => {
    await page.goto(path);
    await ready();
    found.push(...(await audit(page, screen)));
  };
  // Pages without a landmark of their own to wait for: the page's main region, then a moment for data to arrive.
  const settled = () => async () => {
    await expect(page.locator("main").first()).toBeVisible();
    await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  };
  const p = `/projects/${projectId}`;

  await visit("projects", "/", settled());
  await openBoard(page, projectId);
  found.push(...(await audit(page, "board")));
  await visit("drawer", `${p}/board?task=2`, () => expect(page.getByRole("dialog")).toBeVisible());
  await visit("list", `${p}/tasks`, () => expect(page.getByTestId("task-table")).toBeVisible());
  await visit("overview", `${p}/overview`, () => expect(page.getByTestId("overview-next")).toBeVisible());
  await visit("graph", `${p}/graph`, () => expect(page.locator(".react-flow__node").first()).toBeVisible());
  await visit("reports", `${p}/reports`, settled());
  await visit("plan", `${p}/plan`, settled());
  await visit("complexity", `${p}/complexity`, settled());
  await visit("chat", `${p}/chat`, settled());
  await visit("project settings", `${p}/settings`, settled());
  await visit("account settings", "/settings", settled());
  await visit("AI settings", "/settings/ai", settled());
  await visit("AI runs", "/settings/ai/runs", settled());
  await visit("AI bench", "/settings/ai/bench", settled());
  await visit("backups settings", "/settings/backups", settled());
  await visit("my tasks", "/my-tasks", settled());
  // A project with no tasks: its board's first-steps panel, then the import preview into it.
  const empty = await newProject(request, user, "Nothing yet");
  await openBoard(page, empty);
  await expect(page.getByTestId("empty-project-model")).not.toHaveText("Checking for a model…");
  found.push(...(await audit(page, "empty project")));
  await page.getByTestId("empty-project").getByRole("button", { name: "Import a Task Master file" }).click();
  await page.getByTestId("import-file").setInputFiles(path.join(__dirname, "..", "fixtures", "tasks-tagged.json"));
  await expect(page.getByTestId("import-change-summary")).toBeVisible();
  found.push(...(await audit(page, "import preview")));
  await openBoard(page, projectId);
  await page.getByTestId("open-palette").click();
  await expect(page.getByTestId("palette")).toBeVisible();
  found.push(...(await audit(page, "command palette")));
  return found;
}

function describe(found: Finding[]) {
  return found.map((f) => `[${f.screen}] ${f.rule} (${f.impact}): ${f.help}\n    ${f.nodes.join("\n    ")}`).join("\n");
}

for (const theme of ["light", "dark"] as Theme[]) {
  test(`every main screen passes axe-core with no serious or critical violation (${theme})`, async ({ page, request, browser }) => {
    test.setTimeout(240_000);
    await page.addInitScript((t) => localStorage.setItem("cairn-theme", t), theme);
    const { user, projectId } = await seed(request);

    // Signed out: the sign-in and sign-up pages.
    const anonContext = await browser.newContext();
    const anon = await anonContext.newPage();
    await anon.addInitScript((t) => localStorage.setItem("cairn-theme", t), theme);
    const found: Finding[] = [];
    for (const [screen, path] of [
      ["sign in", "/signin"],
      ["sign up", "/signup"],
    ] as const) {
      await anon.goto(path);
      await expect(anon.getByRole("button").first()).toBeVisible();
      found.push(...(await audit(anon, screen)));
    }
    await anonContext.close();

    await signInInBrowser(page, user.email);
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
    found.push(...(await screens(page, request, user, projectId)));
    expect(found, describe(found)).toEqual([]);
  });
}
