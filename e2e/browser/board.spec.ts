import { expect, test, type APIRequestContext } from "@playwright/test";
import { addMember, addTask, newProject, newUser, ok, type TestUser } from "../support/api";
import { columnRefs, dragTo, openBoard, signInInBrowser } from "../support/pages";

async function boardWith(
  request: APIRequestContext,
  titles: { title: string; status?: string; dependencies?: string[]; labels?: string[]; priority?: string }[],
) {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const t of titles) await addTask(request, user, projectId, t);
  return { user, projectId };
}

async function statusOf(request: APIRequestContext, user: TestUser, projectId: string, ref: string) {
  return (await ok(await request.get(`/api/v1/projects/${projectId}/tasks/${ref}`, { headers: user.headers }))).task.status as string;
}

test("drag a card to another column; after a reload it is still there", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Order parts" }, { title: "Flash firmware" }, { title: "Mount rack" }]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await expect(page.getByTestId("card-2")).toBeVisible();
  const moved = page.waitForResponse((r) => r.url().includes("/tasks/2/move") && r.status() === 200);
  await dragTo(page, page.getByTestId("card-2"), page.getByTestId("column-scroll-review"));
  await moved;
  await expect(page.getByTestId("toast").filter({ hasText: "Moved #2 to Review" })).toBeVisible();
  await page.reload();
  await expect.poll(() => columnRefs(page, "review")).toEqual(["2"]);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "3"]);
  expect(await statusOf(request, user, projectId, "2")).toBe("review");
});

test("reorder within a column, reload, then undo the move", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Alpha" }, { title: "Bravo" }, { title: "Charlie" }]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2", "3"]);
  await dragTo(page, page.getByTestId("card-3"), page.getByTestId("card-1"), { yOffset: -10 });
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3", "1", "2"]);
  await page.reload();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3", "1", "2"]);
  // Undo from a fresh move's toast puts the card back where it was.
  await dragTo(page, page.getByTestId("card-1"), page.getByTestId("column-scroll-done"));
  await expect.poll(() => columnRefs(page, "done")).toEqual(["1"]);
  await page.getByTestId("toast").filter({ hasText: "Moved #1 to Done" }).getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3", "1", "2"]);
  await page.reload();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3", "1", "2"]);
  expect(await statusOf(request, user, projectId, "1")).toBe("pending");
});

test("move a card with the keyboard: Space, arrow, Space", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Keyboard only" }]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await page.getByTestId("card-1").focus();
  await expect(page.getByTestId("card-1")).toBeFocused();
  // Each key waits for what a screen reader would announce, as a person waits to hear it.
  const live = page.getByTestId("board-announcer");
  await page.keyboard.press("Space");
  await expect(live).toContainText("Picked up #1 Keyboard only.");
  await page.keyboard.press("ArrowRight");
  await expect(live).toHaveText("Moved to In progress, position 1 of 1.");
  await page.keyboard.press("Space");
  await expect.poll(() => columnRefs(page, "in-progress")).toEqual(["1"]);
  await expect.poll(() => statusOf(request, user, projectId, "1")).toBe("in-progress");
  // j/k and Enter reach the drawer without a mouse; Esc closes it.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("task-drawer")).toBeVisible();
  await expect(page).toHaveURL(/task=1/);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("task-drawer")).toHaveCount(0);
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts")).toBeVisible();
});

test("starting a blocked task asks first", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Base" }, { title: "Depends on base", dependencies: ["1"] }]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await dragTo(page, page.getByTestId("card-2"), page.getByTestId("column-scroll-in-progress"));
  const dialog = page.getByRole("dialog", { name: "Start a blocked task?" });
  await expect(dialog).toContainText("#2 depends on #1 (pending) — start anyway?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await statusOf(request, user, projectId, "2")).toBe("pending");
  await dragTo(page, page.getByTestId("card-2"), page.getByTestId("column-scroll-in-progress"));
  await page.getByRole("dialog", { name: "Start a blocked task?" }).getByRole("button", { name: "Start anyway" }).click();
  await expect.poll(() => statusOf(request, user, projectId, "2")).toBe("in-progress");
});

test("filters narrow the board and survive a reload", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [
    { title: "Write docs", labels: ["docs"], priority: "low" },
    { title: "Fix login bug", labels: ["bug"], priority: "critical" },
    { title: "Fix logout bug", labels: ["bug"], dependencies: ["2"] },
  ]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await page.getByLabel("Filter cards").fill("fix");
  await expect(page).toHaveURL(/text=fix/);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["2", "3"]);
  await page.getByLabel("Blocked only").check();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3"]);
  await page.reload();
  await expect(page.getByLabel("Filter cards")).toHaveValue("fix");
  await expect(page.getByLabel("Blocked only")).toBeChecked();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["3"]);
  await expect(page.getByTestId("count-pending")).toHaveText("1 of 3");
  await page.getByRole("button", { name: "Clear" }).click();
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2", "3"]);
  await page.getByLabel("Label filter").selectOption("docs");
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1"]);
});

test("edit a task in the drawer; a cyclic dependency shows the cycle and changes nothing", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Plan" }, { title: "Build", dependencies: ["1"] }]);
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await page.getByTestId("card-1").click();
  const drawer = page.getByTestId("task-drawer");
  await expect(page).toHaveURL(/task=1/);
  await drawer.getByLabel("Title", { exact: true }).fill("Plan the work");
  await drawer.getByLabel("Details").fill("## Steps\n- **measure** twice");
  // Fields save by themselves: the title when focus left it, the details on Ctrl+Enter.
  await drawer.getByLabel("Details").press("Control+Enter");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  await expect(drawer.getByTestId("details-preview").locator("strong")).toHaveText("measure");
  await expect(page.getByTestId("card-1")).toContainText("Plan the work");
  await drawer.getByLabel("Add prerequisite").fill("Build");
  await drawer.getByRole("option", { name: /#2/ }).click();
  await expect(drawer.getByTestId("dependency-error")).toHaveText("That would create a cycle: #1 → #2 → #1");
  const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers }));
  expect(task.dependencies).toEqual([]);
  expect(task.details).toBe("## Steps\n- **measure** twice");
});

test("two browsers on the same board see each other's move within 2 seconds", async ({ browser, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Shared card" }]);
  const [a, b] = [await browser.newContext(), await browser.newContext()];
  const [pa, pb] = [await a.newPage(), await b.newPage()];
  for (const p of [pa, pb]) {
    await signInInBrowser(p, user.email);
    await openBoard(p, projectId);
    await expect(p.getByTestId("card-1")).toBeVisible();
  }
  const moved = pa.waitForResponse((r) => r.url().includes("/tasks/1/move") && r.status() === 200);
  await dragTo(pa, pa.getByTestId("card-1"), pa.getByTestId("column-scroll-done"));
  await moved;
  await expect.poll(() => columnRefs(pb, "done"), { timeout: 2_000, intervals: [100] }).toEqual(["1"]);
  // And the other way round, with a change made through the API (another user or an agent).
  await ok(await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: user.headers, data: { title: "From an agent" } }), 201);
  await expect(pa.getByTestId("card-2")).toBeVisible({ timeout: 2_000 });
  await a.close();
  await b.close();
});

test("a viewer sees the board but cannot drag or add", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Look, don't touch" }]);
  const viewer = await newUser(request);
  await addMember(request, user, projectId, viewer, "viewer");
  await signInInBrowser(page, viewer.email);
  await openBoard(page, projectId);
  await expect(page.getByText("the board is read-only")).toBeVisible();
  await expect(page.getByLabel(/Add a task to/)).toHaveCount(0);
  await dragTo(page, page.getByTestId("card-1"), page.getByTestId("column-scroll-done"));
  await page.waitForTimeout(300);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1"]);
  expect(await statusOf(request, user, projectId, "1")).toBe("pending");
});
