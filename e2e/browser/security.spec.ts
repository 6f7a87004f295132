import { expect, test, type Page } from "@playwright/test";
import { addTask, newProject, newUser, ok } from "../support/api";
import { signInInBrowser } from "../support/pages";
import { ADMIN_EMAIL, appOrigin, foreignSite } from "../support/security";

// A loaded machine can take a while to hydrate a screen: what matters here is that it does.
const wait = expect.configure({ timeout: 20_000 });

/** Collects CSP violations the page reports (the event, and Chromium's console message). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

async function pageViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test("every main screen works under the CSP, with no violation", async ({ page, request }) => {
  test.setTimeout(180_000);
  const user = await newUser(request);
  const projectId = await newProject(request, user, "CSP check");
  await addTask(request, user, projectId, { title: "Lay the first stone" });
  await addTask(request, user, projectId, { title: "Stack the second", dependencies: ["1"] });
  await ok(await request.post(`/api/v1/projects/${projectId}/reports`, { headers: user.headers, data: {} }), 201);

  const violations = await watchCsp(page);
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await pageViolations(page)).toEqual([]);
  await signInInBrowser(page, user.email);

  const screens: [string, (p: Page) => Promise<void>][] = [
    ["/", (p) => wait(p.getByRole("heading", { name: "Projects", exact: true })).toBeVisible()],
    [`/projects/${projectId}/board`, (p) => wait(p.locator('[data-testid="board"][data-ready="true"]')).toBeVisible()],
    [`/projects/${projectId}/tasks`, (p) => wait(p.getByTestId("task-table").getByText("Stack the second")).toBeVisible()],
    [`/projects/${projectId}/overview`, (p) => wait(p.getByTestId("overview-next")).toContainText("Lay the first stone")],
    [`/projects/${projectId}/graph`, (p) => wait(p.getByTestId("graph-node-2")).toBeVisible()],
    [
      `/projects/${projectId}/reports`,
      async (p) => {
        await p.getByRole("button", { name: "Generate report" }).click();
        await wait(p.getByTestId("report-burnup").locator("path.recharts-line-curve").first()).toBeVisible();
      },
    ],
    [`/projects/${projectId}/chat`, (p) => wait(p.getByTestId("new-thread")).toBeVisible()],
    ["/settings", (p) => wait(p.getByRole("heading", { name: "API tokens" })).toBeVisible()],
    ["/settings/ai", (p) => wait(p.getByTestId("ai-endpoint-local").getByTestId("ai-health")).toContainText("Reachable")],
  ];
  for (const [path, ready] of screens) {
    await page.goto(path);
    await ready(page);
    expect(await pageViolations(page), path).toEqual([]);
  }
  // A write from the page itself (same origin) still goes through.
  await page.goto(`/projects/${projectId}/tasks`);
  await page.getByLabel("New task title").fill("Added under the CSP");
  await page.getByRole("button", { name: "Add task" }).click();
  await wait(page.getByTestId("task-table").getByText("Added under the CSP", { exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the admin's AI settings render under the CSP", async ({ page }) => {
  const violations = await watchCsp(page);
  await signInInBrowser(page, ADMIN_EMAIL);
  await page.goto("/settings/ai");
  await wait(page.getByTestId("ai-endpoint-local").getByTestId("ai-models")).toContainText("llama3.2:latest");
  expect(await pageViolations(page)).toEqual([]);
  expect(violations).toEqual([]);
});

test("a foreign page cannot frame the app, nor write with the visitor's session", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Framed");
  await addTask(request, user, projectId, { title: "Only task" });
  await signInInBrowser(page, user.email);

  // Another port of the same host: same site, so the session cookie (SameSite=Lax) rides along.
  const site = await foreignSite(`<!doctype html><title>evil</title>
    <iframe id="app" src="${appOrigin}/projects/${projectId}/board" width="800" height="600"></iframe>
    <form id="f" method="POST" action="${appOrigin}/api/v1/projects/${projectId}/tasks" enctype="text/plain" target="sink">
      <input name='{"title":"Planted by a form","x":"' value='"}'>
    </form><iframe name="sink"></iframe>
    <script>
      window.results = [];
      fetch("${appOrigin}/api/v1/projects/${projectId}/tasks", { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain" }, body: JSON.stringify({ title: "Planted by fetch" }) })
        .then(() => results.push("fetch sent"), (e) => results.push("fetch failed " + e));
      fetch("${appOrigin}/api/v1/projects/${projectId}/tasks/1/notes", { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain" }, body: JSON.stringify({ body: "Planted note" }) })
        .then(() => results.push("fetch sent"), (e) => results.push("fetch failed " + e));
      document.getElementById("f").submit();
    </script>`);
  try {
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
    });
    await page.goto(site.origin);
    await expect.poll(() => page.evaluate(() => (window as unknown as { results: string[] }).results.length)).toBe(2);
    // The board never renders inside the frame.
    const frame = page.frames().find((f) => f.name() === "app");
    const boardInFrame = frame
      ? await frame
          .locator('[data-testid="board"]')
          .count()
          .catch(() => 0)
      : 0;
    expect(boardInFrame).toBe(0);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    // Give the form post time to land, then check nothing was written.
    await page.waitForTimeout(1000);
    const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
    expect(tasks.map((t: { title: string }) => t.title)).toEqual(["Only task"]);
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1/notes`, { headers: user.headers }))).notes).toEqual([]);
  } finally {
    await site.close();
  }
});
