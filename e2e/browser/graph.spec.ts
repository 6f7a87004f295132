import { expect, test, type Locator, type Page } from "@playwright/test";
import { addMember, addTask, newProject, newUser, ok, type TestUser } from "../support/api";
import { signInInBrowser } from "../support/pages";
import { syntheticTasksJson } from "../../scripts/bench/synthetic";

/** 1 done · 2 ← 1 (C3) · 3 ← 2 (C5) · 4 ← 3 · 5 ← 2 (high) · 6 cancelled · 7 ← 6 · 8 (C8) */
async function rackProject(request: Parameters<typeof addTask>[0], user: TestUser) {
  const projectId = await newProject(request, user, "Rack build");
  for (const t of [
    { title: "Buy hardware", status: "done" },
    { title: "Rack the server", dependencies: ["1"], complexity: 3 },
    { title: "Install Proxmox", dependencies: ["2"], complexity: 5 },
    { title: "Set up ZFS", dependencies: ["3"] },
    { title: "Configure backups", dependencies: ["2"], priority: "high" },
    { title: "Migrate the old NAS", status: "cancelled" },
    { title: "Write the runbook", dependencies: ["6"] },
    { title: "Order cables", complexity: 8 },
  ]) {
    await addTask(request, user, projectId, t);
  }
  return projectId;
}

const nodeRefs = (page: Page) =>
  page
    .locator('[data-testid^="graph-node-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.replace("graph-node-", "")).sort());

/** Where an element settles once the canvas has fitted its view. */
async function settledBox(page: Page, locator: Locator) {
  let box = await locator.boundingBox();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(50);
    const next = await locator.boundingBox();
    if (box && next && next.x === box.x && next.y === box.y) return next;
    box = next;
  }
  throw new Error("the element kept moving");
}

/** Pointer drag from one node's outgoing handle to another node's incoming handle. */
async function connect(page: Page, from: string, to: string) {
  const s = await settledBox(page, page.getByTestId(`graph-node-${from}`).locator(".react-flow__handle.source"));
  const t = await settledBox(page, page.getByTestId(`graph-node-${to}`).locator(".react-flow__handle.target"));
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + 40, s.y + 10, { steps: 5 });
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 20 });
  await page.mouse.up();
}

test("the graph shows tasks, dependencies, ready work and the critical path; hide done, focus and the drawer work", async ({
  page,
  request,
}) => {
  const user = await newUser(request);
  const projectId = await rackProject(request, user);
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/graph`);

  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");
  await expect.poll(() => nodeRefs(page)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  const rack = page.getByTestId("graph-node-2");
  await expect(rack).toContainText("#2");
  await expect(rack).toContainText("Rack the server");
  await expect(rack).toContainText("medium");
  await expect(page.getByTestId("graph-node-5")).toContainText("high");
  await expect(page.getByTestId("graph-node-1")).toHaveAttribute("data-status", "done");

  // Edges run from prerequisite to dependent.
  for (const id of ["1->2", "2->3", "3->4", "2->5", "6->7"]) await expect(page.getByTestId(`rf__edge-${id}`)).toHaveCount(1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(5);

  // Ready: 2 (its prerequisite is done), 7 (a cancelled prerequisite counts as resolved) and 8.
  const marked = (attr: string) => () =>
    page.locator(`[data-testid^="graph-node-"][${attr}="true"]`).evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")).sort());
  await expect.poll(marked("data-ready")).toEqual(["graph-node-2", "graph-node-7", "graph-node-8"]);
  await expect(rack.getByTestId("graph-ready-marker")).toHaveText("Ready");
  await expect(page.getByTestId("graph-node-3").getByTestId("graph-ready-marker")).toHaveCount(0);

  // 2 → 3 → 4 weighs 3 + 5 + 1 = 9, more than #8 alone (8) or 2 → 5 (4).
  await expect(page.getByTestId("critical-path")).toHaveText("Critical path (3 tasks, weight 9): #2 → #3 → #4");
  await expect.poll(marked("data-critical")).toEqual(["graph-node-2", "graph-node-3", "graph-node-4"]);
  await expect(page.getByTestId("rf__edge-2->3")).toHaveClass(/critical/);
  await expect(page.getByTestId("rf__edge-3->4")).toHaveClass(/critical/);
  await expect(page.getByTestId("rf__edge-2->5")).not.toHaveClass(/critical/);

  // Hide done leaves out done and cancelled work and the edges that touch it.
  await page.getByLabel("Hide done").check();
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "6");
  await expect.poll(() => nodeRefs(page)).toEqual(["2", "3", "4", "5", "7", "8"]);
  await expect(page.getByTestId("graph-count")).toHaveText("6 of 8 tasks shown");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  await expect(page).toHaveURL(/hideDone=1/);
  await page.getByLabel("Hide done").uncheck();
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");

  // Focus on #3: what it needs (2, 1) and what needs it (4); not its sibling 5 or the rest.
  await page.getByLabel("Focus on a task").fill("Proxmox");
  await page.getByRole("option", { name: /Install Proxmox/ }).click();
  await expect(page.getByTestId("graph-focus")).toContainText("Focused on #3 Install Proxmox");
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "4");
  await expect.poll(() => nodeRefs(page)).toEqual(["1", "2", "3", "4"]);
  await page.getByRole("button", { name: "Clear focus" }).click();
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");

  // A click opens the task drawer; Enter on a focused node does too.
  await page.getByTestId("graph-node-5").click();
  const drawer = page.getByTestId("task-drawer");
  await expect(drawer).toContainText("#5");
  await expect(drawer).toContainText("Configure backups");
  await expect(page).toHaveURL(/task=5/);
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await page.locator('.react-flow__node[data-id="8"]').focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("task-drawer")).toContainText("Order cables");
});

test("drawing an edge adds a dependency; a cycle is refused, named and changes nothing", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await rackProject(request, user);
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/graph`);
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");

  // #2 depending on #4 would close 2 → 3 → 4 → 2.
  const before = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }));
  await connect(page, "4", "2");
  const error = page.getByTestId("graph-error");
  await expect(error).toHaveText(/#2 was not made to depend on #4: That would create a cycle: #2 → #4 → #3 → #2/);
  for (const ref of ["2", "3", "4"]) await expect(page.getByTestId(`graph-node-${ref}`)).toHaveAttribute("data-in-cycle", "true");
  await expect(page.getByTestId("graph-node-5")).toHaveAttribute("data-in-cycle", "false");
  await expect(page.getByTestId("rf__edge-4->2")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(5);
  const after = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }));
  expect(after.edges).toEqual(before.edges);
  expect(after.revision).toBe(before.revision);
  const { task: two } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers }));
  expect(two.dependencies).toEqual(["1"]);
  await error.getByRole("button", { name: "Dismiss" }).click();
  await expect(error).toHaveCount(0);

  // #8 → #5: backups now wait on the cables. The edge appears and the server has it.
  await connect(page, "8", "5");
  await expect(page.getByTestId("rf__edge-8->5")).toHaveCount(1);
  await expect(page.getByTestId("graph-node-5")).toHaveAttribute("data-blocked", "true");
  const { task: five } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/5`, { headers: user.headers }));
  expect([...five.dependencies].sort()).toEqual(["2", "8"]);
  // 8 → 5 weighs 8 + 1 = 9 too, but 2 → 3 → 4 starts earlier in the plan.
  await expect(page.getByTestId("critical-path")).toHaveText("Critical path (3 tasks, weight 9): #2 → #3 → #4");
});

test("viewers see the graph read-only; an empty project says how to start", async ({ page, request }) => {
  const owner = await newUser(request);
  const projectId = await rackProject(request, owner);
  const viewer = await newUser(request);
  await addMember(request, owner, projectId, viewer, "viewer");
  await signInInBrowser(page, viewer.email);
  await page.goto(`/projects/${projectId}/graph`);
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");
  await expect(page.getByTestId("graph-legend")).toContainText("You are a viewer: the graph is read-only.");
  await expect(page.locator(".react-flow__handle.connectable")).toHaveCount(0);
  await connect(page, "8", "5");
  await expect(page.getByTestId("rf__edge-8->5")).toHaveCount(0);
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: owner.headers }))).edges).toHaveLength(5);

  const empty = await newProject(request, viewer);
  await page.goto(`/projects/${empty}/graph`);
  await expect(page.getByTestId("graph-empty")).toHaveText("No tasks yet — add some on the board and their dependencies show up here.");
  await expect(page.getByTestId("graph-empty").getByRole("link", { name: "board" })).toHaveAttribute("href", `/projects/${empty}/board`);
});

test("the graph follows changes made elsewhere", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await rackProject(request, user);
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/graph`);
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-nodes", "8");

  // Another client (the API here) makes #8 wait on #4 and finishes #2: the open page catches up.
  await ok(
    await request.post(`/api/v1/projects/${projectId}/tasks/8/dependencies`, { headers: user.headers, data: { dependsOn: "4" } }),
    201,
  );
  await ok(await request.patch(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers, data: { status: "done" } }));
  await expect(page.getByTestId("rf__edge-4->8")).toHaveCount(1, { timeout: 10_000 });
  await expect(page.getByTestId("graph-node-2")).toHaveAttribute("data-status", "done");
  // 3 → 4 → 8 now weighs 5 + 1 + 8 = 14.
  await expect(page.getByTestId("critical-path")).toHaveText("Critical path (3 tasks, weight 14): #3 → #4 → #8");
});

test("a big plan opens readable on the next steps of its critical path, laid out as one row", async ({ page, request }) => {
  test.setTimeout(90_000);
  const user = await newUser(request);
  const file = syntheticTasksJson(400, 600, 7);
  const { projects } = await ok(await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: file }), 201);
  const projectId = projects[0].id as string;
  const graph = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }));
  const path = graph.criticalPath as string[];
  expect(path.length).toBeGreaterThan(3);

  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/graph`);
  const status = new Map((graph.nodes as { ref: string; status: string }[]).map((n) => [n.ref, n.status]));
  const first = path.find((ref) => !["done", "cancelled"].includes(status.get(ref)!))!;
  // Only what is on screen is drawn: the first unfinished task of the path is (laying out 400
  // tasks takes a few seconds on a busy machine).
  await expect(page.getByTestId(`graph-node-${first}`)).toBeVisible({ timeout: 30_000 });
  // Not a field of dots: the first view is zoomed in far enough to read a task's title.
  const viewport = page.locator(".react-flow__viewport");
  await expect
    .poll(async () => Number(/scale\(([\d.]+)\)/.exec((await viewport.getAttribute("style")) ?? "")?.[1] ?? 0))
    .toBeGreaterThanOrEqual(0.5);
  // The first unfinished task of the critical path is inside the canvas frame.
  const frame = (await page.getByTestId("graph-canvas").boundingBox())!;
  const box = (await page.getByTestId(`graph-node-${first}`).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(frame.x);
  expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
  expect(box.y).toBeGreaterThanOrEqual(frame.y);
  expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height + 1);
  // Every task of the critical path sits on one row of the drawing.
  const rows = await page.evaluate(
    (refs) =>
      refs.map((ref) => {
        const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${ref}"]`);
        return el ? /translate\([-\d.]+px, ?([-\d.]+)px\)/.exec(el.style.transform)?.[1] : "not drawn";
      }),
    path,
  );
  const drawn = rows.filter((r) => r !== "not drawn");
  expect(drawn.length).toBeGreaterThan(0);
  expect(new Set(drawn).size).toBe(1);
});
