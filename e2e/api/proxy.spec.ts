// Cairn behind Debian's nginx with the documented configuration (deploy/nginx/cairn.conf, the
// same rules as the NixOS module's virtual host): a browser signs in through the proxy, imports
// a 5 MB tasks.json through it, and sees another client's change arrive on its open board.
import { ok, PASSWORD, unique } from "../support/api";
import { checkedRequest, expect, test } from "../support/contract";
import { nginxBinary, startNginx, type Nginx } from "../support/nginx";
import { freePort, startOwnServer, type OwnServer } from "../support/own-server";

const nginx = nginxBinary();

/** A Task Master file of 5 MB (just under the import page's 5,000,000-byte cap): 250 tasks with long details, in a chain. */
function bigTasksJson() {
  const tasks = Array.from({ length: 250 }, (_, i) => ({
    id: i + 1,
    title: `Imported task ${i + 1}`,
    description: `Step ${i + 1} of the migration`,
    details: `Task ${i + 1}: ${"measure twice, cut once. ".repeat(785)}`,
    testStrategy: "checked by hand",
    status: "pending",
    priority: "medium",
    dependencies: i === 0 ? [] : [i],
    subtasks: [],
  }));
  return Buffer.from(JSON.stringify({ master: { tasks } }));
}

test.describe("behind nginx (deploy/nginx/cairn.conf)", () => {
  test.skip(!nginx, "SKIPPED: nginx is not installed (apt-get install nginx-light; CI installs it)");
  test.describe.configure({ mode: "serial" });

  let app: OwnServer;
  let proxy: Nginx;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const listen = await freePort();
    // As a user deploys it: the public URL is the proxy's, and the client address comes from it.
    app = await startOwnServer({ env: { NEXTAUTH_URL: `http://localhost:${listen}`, CAIRN_TRUST_PROXY: "1" } });
    proxy = await startNginx(nginx!, listen, app.port);
  });
  test.afterAll(async () => {
    await proxy?.stop();
    await app?.stop();
  });

  test("sign in through the proxy, import a 5 MB tasks.json through it, and see another client's change on the open board within 2 s", async ({
    browser,
    playwright,
    contract,
  }) => {
    test.setTimeout(240_000);
    const api = checkedRequest(await playwright.request.newContext({ baseURL: proxy.origin }), contract);
    const email = `${unique("proxy")}@example.test`;
    await ok(await api.post("/api/v1/signup", { data: { email, password: PASSWORD, name: "Behind Proxy" } }), 201);
    const { token } = await ok(
      await api.post("/api/v1/tokens", { data: { email, password: PASSWORD, name: "other client", scopes: ["read", "write"] } }),
      201,
    );
    const headers = { authorization: `Bearer ${token}` };

    // The browser only ever talks to nginx.
    const context = await browser.newContext({ baseURL: proxy.origin });
    const page = await context.newPage();
    const direct: string[] = [];
    page.on("request", (r) => {
      if (/^(https?|wss?):/.test(r.url()) && !r.url().startsWith(proxy.origin)) direct.push(r.url());
    });
    // A fresh server on a busy machine: its first sign-in may take longer than the usual 7 s.
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 30_000 });

    const file = bigTasksJson();
    // Five times nginx's default client_max_body_size (1m).
    expect(file.length).toBeGreaterThan(4_900_000);
    expect(file.length).toBeLessThanOrEqual(5_000_000);
    await page.getByRole("button", { name: "Import tasks.json" }).first().click();
    await page.getByTestId("import-file").setInputFiles({ name: "tasks.json", mimeType: "application/json", buffer: file });
    // The preview comes first (read through the proxy too); nothing is written until Import.
    await expect(page.getByTestId("import-preview")).toBeVisible({ timeout: 120_000 });
    await page.getByRole("button", { name: /^Import 1 project/ }).click();
    const result = page.getByTestId("import-result");
    await expect(result).toContainText("250 tasks", { timeout: 120_000 });
    // The whole file crossed nginx in one request, and Cairn took it.
    const upload = proxy.requests().find((r) => r.method === "POST" && r.requestLength > file.length);
    expect(upload, JSON.stringify(proxy.requests().filter((r) => r.method === "POST"))).toBeDefined();
    expect(upload!.status).toBeLessThan(300);

    await result.getByRole("link").first().click();
    await page.waitForURL(/\/projects\/[^/]+/);
    const projectId = new URL(page.url()).pathname.split("/")[2]!;
    const { tasks } = await ok(await api.get(`/api/v1/projects/${projectId}/tasks?limit=500`, { headers }));
    expect(tasks.length).toBe(250);

    // The live board: a small project of its own, so what is measured is the stream, not the
    // rendering of 250 long cards on a busy machine.
    const { project } = await ok(await api.post("/api/v1/projects", { headers, data: { name: "Live through nginx" } }), 201);
    await ok(await api.post(`/api/v1/projects/${project.id}/tasks`, { headers, data: { title: "Before" } }), 201);
    await page.goto(`/projects/${project.id}/board`);
    await expect(page.locator('[data-testid="board"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("card-1")).toContainText("Before");
    // Another client changes the plan; the board's live stream brings it through nginx.
    await ok(await api.patch(`/api/v1/projects/${project.id}/tasks/1`, { headers, data: { title: "Renamed by another client" } }));
    await expect(page.getByTestId("card-1")).toContainText("Renamed by another client", { timeout: 2_000 });
    expect(direct).toEqual([]);
    await context.close();
    await api.dispose();
    // nginx logs a request when it ends: the board's stream, once the page is gone.
    await expect.poll(() => proxy.requests().some((r) => r.method === "GET" && r.uri === `/api/v1/projects/${project.id}/live`)).toBe(true);
  });
});
