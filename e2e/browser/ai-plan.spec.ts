import { test, type Page } from "@playwright/test";
import { addTask, expect, newProject, newUser, ok, PASSWORD, snapshot } from "../support/api";
import { chatRequestsWith, ollama, script, TWO_TASK_PLAN } from "../support/ollama";
import { columnRefs, openBoard, signInInBrowser } from "../support/pages";

const PLAN = JSON.stringify(TWO_TASK_PLAN);

// The test server keeps one reply queue per model, shared by every worker: every spec that
// scripts the default model lives in this one serial file.
test.describe.configure({ mode: "serial" });

test("parse a PRD over REST: a draft first, then apply writes the plan", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const prd = `Home lab: provision a VM and run Ollama on it. (${await script({ content: PLAN })})`;
  const draft = await ok(await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, { headers: user.headers, data: { prd } }));
  expect(draft.draft.map((t: { title: string }) => t.title)).toEqual(["Provision the VM", "Install Ollama"]);
  expect(draft.model).toBe("llama3.2");
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(0);
  const again = await script({ content: PLAN });
  const applied = await ok(
    await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, {
      headers: user.headers,
      data: { prd: `${prd} apply ${again}`, apply: true },
    }),
  );
  expect(applied.applied.map((t: { ref: string; dependencies: string[] }) => [t.ref, t.dependencies])).toEqual([
    ["1", []],
    ["2", ["1"]],
  ]);
});

test("the same job streams partial plans and the result as server-sent events", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const token = await script({ content: PLAN.match(/.{1,25}/g), delayMs: 30 });
  const res = await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, {
    headers: { ...user.headers, accept: "text/event-stream" },
    data: { prd: `Stream this plan please, it is a home lab. (${token})` },
  });
  expect(res.headers()["content-type"]).toContain("text/event-stream");
  const events = (await res.text())
    .split("\n\n")
    .filter(Boolean)
    .map((block) => block.match(/^event: (\w+)/)?.[1]);
  expect(events[0]).toBe("model");
  expect(events.filter((e) => e === "partial").length).toBeGreaterThan(1);
  expect(events.at(-1)).toBe("result");
});

test("a broken stream answers 502 with a plain message and writes nothing", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const token = await script({ fault: "error-line-mid-stream", content: PLAN.match(/.{1,25}/g), afterChunks: 2 });
  const res = await request.post(`/api/v1/projects/${projectId}/ai/parse-prd`, {
    headers: user.headers,
    data: { prd: `Broken please, for the home lab. (${token})`, apply: true },
  });
  expect(res.status()).toBe(502);
  const body = await res.json();
  expect(body.error.message).toMatch(/incomplete.*Nothing was written/);
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(0);
  expect((await request.post(`/api/v1/projects/${projectId}/ai/summarise`, { headers: user.headers, data: {} })).status()).toBe(404);
});

const PRD = `# Garage inventory
Track tools and parts in the garage. Each item has a shelf, a photo and a quantity.
Search by name, print shelf labels, and warn when parts run low.`;
const BIG_PLAN = JSON.stringify({
  tasks: [
    {
      id: 1,
      title: "Data model for items and shelves",
      description: "Items, shelves, quantities",
      details: "",
      testStrategy: "",
      priority: "high",
      dependencies: [],
    },
    {
      id: 2,
      title: "Item photos",
      description: "Upload and thumbnail",
      details: "",
      testStrategy: "",
      priority: "medium",
      dependencies: [1],
    },
    {
      id: 3,
      title: "Search by name",
      description: "Full-text search",
      details: "",
      testStrategy: "",
      priority: "medium",
      dependencies: [1],
    },
    {
      id: 4,
      title: "Low-stock warnings",
      description: "Threshold per item",
      details: "",
      testStrategy: "",
      priority: "low",
      dependencies: [1],
    },
  ],
});

test("parse a PRD in the browser: cards stream in, edit one, accept, see them on the board", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const token = await script({ content: BIG_PLAN.match(/.{1,12}/g), delayMs: 60 });
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/plan`);
  await page.getByLabel("Requirements document").fill(`${PRD}\n(${token})`);
  await page.getByRole("button", { name: "Generate plan" }).click();
  await expect(page.getByTestId("plan-status")).toContainText("llama3.2 is writing");
  // Cards appear one by one while the model writes, before the answer is complete.
  await expect(page.getByTestId("streamed-card").first()).toBeVisible();
  await expect.poll(() => page.getByTestId("streamed-card").count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("draft-card")).toHaveCount(4);
  await page.getByLabel("Title of draft task 3").fill("Search items by name or shelf");
  await page.getByLabel("Remove draft task 4").click();
  await page.getByRole("button", { name: "Accept 3 tasks" }).click();
  await expect(page.getByTestId("plan-accepted")).toContainText("Added 3 tasks");
  await page.getByRole("link", { name: "Open the board" }).click();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2", "3"]);
  await expect(page.getByTestId("card-3")).toContainText("Search items by name or shelf");
  const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers }));
  expect(task).toMatchObject({ title: "Item photos", dependencies: ["1"], source: "ai" });
});

test("Stop mid-stream leaves the plan unchanged and the model request is cancelled", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Already planned" });
  const token = await script({ content: BIG_PLAN.match(/.{1,8}/g), delayMs: 150 });
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/plan`);
  await page.getByLabel("Requirements document").fill(`${PRD}\n(stop ${token})`);
  await page.getByLabel("Existing plan").selectOption("replace");
  await page.getByRole("button", { name: "Generate plan" }).click();
  await expect(page.getByTestId("streamed-card").first()).toBeVisible();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("ai-stopped")).toHaveText("Stopped. Nothing was written.");
  // Stopping must not start another generation (one request for this prompt, cancelled).
  await page.waitForTimeout(1000);
  const { requests: mine } = await (await fetch(`${ollama}/__control/requests?path=/api/chat`)).json();
  expect(mine.filter((r: { body?: unknown }) => JSON.stringify(r.body ?? "").includes(token))).toHaveLength(1);
  const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }));
  expect(tasks.map((t: { title: string }) => t.title)).toEqual(["Already planned"]);
  await expect
    .poll(async () => {
      const { requests } = await (await fetch(`${ollama}/__control/requests?path=/api/chat`)).json();
      return requests.find((r: { body?: unknown }) => JSON.stringify(r.body ?? "").includes(token))?.clientClosed;
    })
    .toBe(true);
});

test("with Ollama unreachable the page explains it, and the board still works", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Works without AI" });
  const adminToken = (
    await ok(
      await request.post("/api/v1/tokens", {
        data: { email: "admin@cairn.test", password: PASSWORD, name: "ai", scopes: ["read", "write", "admin"] },
      }),
      201,
    )
  ).token;
  const admin = { authorization: `Bearer ${adminToken}` };
  const before = (await ok(await request.get("/api/v1/ai/settings", { headers: admin }))).settings;
  try {
    // A second endpoint where nothing listens, used for every role.
    await ok(
      await request.patch("/api/v1/ai/settings", {
        headers: admin,
        data: {
          endpoints: [...before.endpoints, { id: "closet", kind: "ollama", name: "Closet box", url: "http://127.0.0.1:9" }],
          roles: { main: [{ endpointId: "closet", model: "llama3.2" }], fast: [{ endpointId: "closet", model: "llama3.2" }], fallback: [] },
          cacheTtlSeconds: 0,
        },
      }),
    );
    await signInInBrowser(page, user.email);
    await page.goto(`/projects/${projectId}/plan`);
    await page.getByLabel("Requirements document").fill(`${PRD}\n(unreachable ${Date.now()})`);
    await page.getByRole("button", { name: "Generate plan" }).click();
    await expect(page.getByTestId("ai-error")).toHaveText(
      "No AI model could be reached. Cannot reach Closet box at http://127.0.0.1:9. Is Ollama running there? Nothing was written.",
    );
    await expect(page.getByRole("link", { name: "Check the AI settings" })).toBeVisible();
    await page.getByRole("link", { name: "Board", exact: true }).click();
    await expect(page.locator('[data-testid="board"][data-ready="true"]')).toBeVisible();
    await page.getByLabel("Add a task to Pending").fill("Added while the AI is down");
    await page.getByLabel("Add a task to Pending").press("Enter");
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2"]);
  } finally {
    await ok(
      await request.patch("/api/v1/ai/settings", {
        headers: admin,
        data: { endpoints: before.endpoints, roles: before.roles, cacheTtlSeconds: before.cacheTtlSeconds },
      }),
    );
  }
});

test("expand a task into subtasks from the drawer: review, rename one, accept", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Build the shelf label printer" });
  const token = await script({
    content: JSON.stringify({
      subtasks: [
        { id: 1, title: "Pick a label format", description: "", details: "", testStrategy: "", dependencies: [] },
        { id: 2, title: "Render labels to PDF", description: "", details: "", testStrategy: "", dependencies: [1] },
        { id: 3, title: "Print dialog", description: "", details: "", testStrategy: "", dependencies: [2] },
      ],
    }).match(/.{1,20}/g),
    delayMs: 20,
  });
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await page.getByTestId("card-1").click();
  const drawer = page.getByTestId("task-drawer");
  await drawer.getByText("AI: expand or update").click();
  await drawer.getByLabel("Number of subtasks").fill("3");
  await drawer.getByLabel("Extra instruction").fill(`Keep it small (${token})`);
  await drawer.getByRole("button", { name: "Expand with AI" }).click();
  await expect(drawer.getByTestId("expand-draft")).toBeVisible();
  await drawer.getByRole("textbox", { name: "Subtask draft 3" }).fill("Print from the browser");
  await drawer.getByRole("button", { name: "Accept 3 subtasks" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Added 3 subtasks to #1" })).toBeVisible();
  const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers }));
  expect(task.subtasks.map((s: { ref: string; title: string }) => `${s.ref} ${s.title}`)).toEqual([
    "1.1 Pick a label format",
    "1.2 Render labels to PDF",
    "1.3 Print from the browser",
  ]);
  const sub = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1.3`, { headers: user.headers }));
  expect(sub.task.dependencies).toEqual(["1.2"]);
  await expect(page.getByTestId("card-1")).toContainText("0/3");
});

// ——— Planning chat ———

async function openChat(page: Page, email: string, projectId: string) {
  await signInInBrowser(page, email);
  await page.goto(`/projects/${projectId}/chat`);
  await page.getByRole("button", { name: "Start a conversation" }).click();
  await expect(page.getByTestId("chat-input")).toBeVisible();
}

test("the chat streams its answer token by token, names the model, and keeps the thread", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Provision the VM" });
  const words = ["Start ", "with ", "**#1**: ", "it ", "unblocks ", "everything ", "else ", "in ", "the ", "plan."];
  const token = await script({ content: words, delayMs: 250 });
  await openChat(page, user.email, projectId);
  await page.getByTestId("chat-input").fill(`What should I do first? (${token})`);
  await page.getByTestId("chat-input").press("Enter");
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').last();
  // Sample the answer while it is written: it grows through several partial states.
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const t = (await answer.textContent().catch(() => "")) ?? "";
        if (t) seen.add(t.replace(/llama3\.2.*$/, ""));
        return t.includes("plan.");
      },
      { intervals: [100], timeout: 10_000 },
    )
    .toBe(true);
  expect(seen.size).toBeGreaterThanOrEqual(3);
  await expect(answer.locator("strong")).toHaveText("#1");
  await expect(answer.getByTestId("chat-model")).toContainText("llama3.2");
  // The thread is kept: titled after the question, with both messages, after a reload.
  await page.reload();
  await expect(page.getByTestId("thread-list")).toContainText("What should I do first?");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toContainText(
    "it unblocks everything else in the plan.",
  );
  // The model saw the project in its system prompt.
  const [req] = await chatRequestsWith(token);
  expect(JSON.stringify(req!.body)).toContain("#1 [pending] Provision the VM");
});

test("a proposal accepted in the chat appears on the board; a declined one does not", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Provision the VM" });
  const token = await script([
    {
      toolCalls: [
        {
          name: "proposeTask",
          arguments: { title: "Install Ollama", description: "Service and model", priority: "high", dependencies: ["1"] },
        },
        { name: "proposeTask", arguments: { title: "Buy a bigger GPU", priority: "low" } },
      ],
    },
    { content: "I proposed two tasks: install Ollama after the VM, and a GPU upgrade." },
  ]);
  await openChat(page, user.email, projectId);
  await page.getByTestId("chat-input").fill(`Plan the model server (${token})`);
  await page.getByTestId("chat-send").click();
  const cards = page.getByTestId("proposal");
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId("chat-message").last()).toContainText("I proposed two tasks");
  // Nothing is written before a decision.
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers }))).total).toBe(1);
  await cards.filter({ hasText: "Install Ollama" }).getByRole("button", { name: "Accept" }).click();
  await expect(cards.filter({ hasText: "Install Ollama" })).toHaveAttribute("data-state", "accepted");
  await expect(cards.filter({ hasText: "Install Ollama" }).getByTestId("proposal-result")).toHaveText("Accepted · #2");
  await cards.filter({ hasText: "Buy a bigger GPU" }).getByRole("button", { name: "Decline" }).click();
  await expect(cards.filter({ hasText: "Buy a bigger GPU" })).toHaveAttribute("data-state", "declined");

  await openBoard(page, projectId);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2"]);
  await expect(page.getByTestId("card-2")).toContainText("Install Ollama");
  await expect(page.getByText("Buy a bigger GPU")).toHaveCount(0);
  const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers }));
  expect(task).toMatchObject({ title: "Install Ollama", priority: "high", dependencies: ["1"], source: "ai" });
  // The decisions are kept with the conversation.
  await page.goto(`/projects/${projectId}/chat`);
  await expect(page.getByTestId("proposal").filter({ hasText: "Buy a bigger GPU" })).toHaveAttribute("data-state", "declined");
});

test("Stop mid-reply ends the answer, cancels the model request and writes nothing", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Provision the VM" });
  const before = await snapshot(request, user, projectId);
  const token = await script({ content: Array.from({ length: 80 }, (_, i) => `word${i} `), delayMs: 150 });
  await openChat(page, user.email, projectId);
  await page.getByTestId("chat-input").fill(`Talk at length (${token})`);
  await page.getByTestId("chat-send").click();
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').last();
  await expect(answer).toContainText("word2");
  await page.getByTestId("chat-stop").click();
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await expect.poll(async () => (await chatRequestsWith(token))[0]?.clientClosed).toBe(true);
  // Stopping does not send the message again.
  expect(await chatRequestsWith(token)).toHaveLength(1);
  expect(await snapshot(request, user, projectId)).toBe(before);
  await page.reload();
  const kept = page.locator('[data-testid="chat-message"][data-role="assistant"]').last();
  await expect(kept.getByTestId("chat-stopped")).toHaveText("Stopped — nothing was written");
  await expect(kept).not.toContainText("word79");
});

// ——— Report narrative (the `fast` role) ———

test("a report's narrative comes from the model in a section of its own; without a model the figures still come", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const token = await script({ content: JSON.stringify({ narrative: "Steady week: the VM is up and Ollama is next." }) });
  // The narrative prompt quotes the report's figures and titles, so the token travels in a title.
  await addTask(request, user, projectId, { title: `Provision the VM ${token}`, status: "done" });
  await addTask(request, user, projectId, { title: "Install Ollama", dependencies: ["1"] });
  const report = await ok(
    await request.post(`/api/v1/projects/${projectId}/reports`, { headers: user.headers, data: { narrative: true } }),
    201,
  );
  expect(report.narrative).toBe("Steady week: the VM is up and Ollama is next.");
  expect(report.model).toBe("llama3.2");
  expect(report.markdown).toContain("Steady week: the VM is up and Ollama is next.");
  expect([report.stats.tasks.completed, report.stats.tasks.scopeAtEnd]).toEqual([1, 2]);
  expect(await chatRequestsWith(token)).toHaveLength(1);

  const broken = await script({ status: 503, error: "server busy" });
  await addTask(request, user, projectId, { title: `Busy ${broken}` });
  const failed = await ok(
    await request.post(`/api/v1/projects/${projectId}/reports`, { headers: user.headers, data: { narrative: true } }),
    201,
  );
  expect(failed.narrative).toBeNull();
  expect(failed.narrativeError).toMatch(/server busy/);
  expect(failed.markdown).toContain("Install Ollama");
  expect([failed.stats.tasks.completed, failed.stats.tasks.scopeAtEnd]).toEqual([1, 3]);
});

test("a plan draft survives leaving the page and a reload; a repeated request says it came from the cache and Generate again asks the model afresh", async ({
  page,
  request,
}) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  // The response cache is on (other specs turn it off or shorten it for a while, and put it back).
  const { token: adminToken } = await ok(
    await request.post("/api/v1/tokens", {
      data: { email: "admin@cairn.test", password: PASSWORD, name: "cache", scopes: ["read", "write", "admin"] },
    }),
    201,
  );
  await ok(
    await request.patch("/api/v1/ai/settings", { headers: { authorization: `Bearer ${adminToken}` }, data: { cacheTtlSeconds: 86_400 } }),
  );
  const fresher = JSON.stringify({ tasks: [{ ...TWO_TASK_PLAN.tasks[0], title: "Provision the VM with cloud-init" }] });
  const token = await script([{ content: PLAN }, { content: fresher }]);
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/plan`);
  const prd = `Home lab, kept draft: provision a VM and run Ollama on it. (${token})`;
  await page.getByLabel("Requirements document").fill(prd);
  await page.getByRole("button", { name: "Generate plan" }).click();
  await expect(page.getByTestId("draft-card")).toHaveCount(2);
  await expect(page.getByTestId("plan-cached")).toHaveCount(0);
  await page.getByLabel("Title of draft task 2").fill("Install Ollama as a service");

  await page.goto(`/projects/${projectId}/board`);
  await page.goto(`/projects/${projectId}/plan`);
  await expect(page.getByTestId("draft-card")).toHaveCount(2);
  await expect(page.getByLabel("Title of draft task 2")).toHaveValue("Install Ollama as a service");
  await page.reload();
  await expect(page.getByLabel("Title of draft task 2")).toHaveValue("Install Ollama as a service");
  await expect(page.getByLabel("Requirements document")).toHaveValue(prd);

  // The same request again is answered from the response cache, and the page says so.
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page.getByTestId("draft-card")).toHaveCount(0);
  await page.getByRole("button", { name: "Generate plan" }).click();
  await expect(page.getByTestId("plan-cached")).toHaveText(/^From cache, (just now|\d+ min ago) — Generate again for a fresh answer\.$/);
  expect(await chatRequestsWith(token)).toHaveLength(1);

  // Generate again bypasses the cache: the model gets a second request and the fresh answer shows.
  await page.getByRole("button", { name: "Generate again" }).click();
  await expect(page.getByTestId("draft-card")).toHaveCount(1);
  await expect(page.getByLabel("Title of draft task 1")).toHaveValue("Provision the VM with cloud-init");
  await expect(page.getByTestId("plan-cached")).toHaveCount(0);
  expect(await chatRequestsWith(token)).toHaveLength(2);

  // Accepting clears the kept draft and the header's counts follow at once.
  await page.getByRole("button", { name: "Accept 1 task" }).click();
  await expect(page.getByTestId("plan-accepted")).toContainText("Added 1 ");
  await expect(page.getByText("0/1 done")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("draft-card")).toHaveCount(0);
});
