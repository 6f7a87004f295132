import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { addTask, newProject, newUser, ok, type TestUser } from "../support/api";
import { columnRefs, openBoard, signInInBrowser } from "../support/pages";

// The task drawer as a person uses it: fields save as they change, unsaved text is asked about
// before it is thrown away, subtasks open in place, and a delete says what it takes with it.

async function boardWith(request: APIRequestContext, tasks: Record<string, unknown>[]) {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const t of tasks) await addTask(request, user, projectId, t);
  return { user, projectId };
}

const taskUrl = (projectId: string, ref: string) => `/api/v1/projects/${projectId}/tasks/${ref}`;

async function getTask(request: APIRequestContext, user: TestUser, projectId: string, ref: string) {
  return (await ok(await request.get(taskUrl(projectId, ref), { headers: user.headers }))).task;
}

async function openDrawer(page: Page, projectId: string, ref: string) {
  await openBoard(page, projectId);
  await page.getByTestId(`card-${ref}`).click();
  const drawer = page.getByTestId("task-drawer");
  await expect(drawer.getByLabel("Title", { exact: true })).toBeVisible();
  return drawer;
}

test("a status changed in the drawer moves the card behind it at once, with no Save button; a reload keeps it", async ({
  page,
  request,
}) => {
  const { user, projectId } = await boardWith(request, [{ title: "Flash the router" }, { title: "Label the cables" }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  await expect(drawer.getByRole("button", { name: /^save/i })).toHaveCount(0);
  await drawer.getByLabel("Status").selectOption("in-progress");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  await expect.poll(() => columnRefs(page, "in-progress")).toEqual(["1"]);
  await drawer.getByLabel("Priority").selectOption("critical");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  // Nothing is unsaved, so Esc closes without asking.
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await page.reload();
  await expect.poll(() => columnRefs(page, "in-progress")).toEqual(["1"]);
  expect(await getTask(request, user, projectId, "1")).toMatchObject({ status: "in-progress", priority: "critical" });
});

test("a title saves with Ctrl+Enter; labels save as they are added and removed", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Order parts", labels: ["hardware"] }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  const title = drawer.getByLabel("Title", { exact: true });
  await title.fill("Order parts from the usual shop");
  await title.press("Control+Enter");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  await expect(title).toBeFocused();
  await expect(page.getByTestId("card-1")).toContainText("Order parts from the usual shop");
  expect((await getTask(request, user, projectId, "1")).title).toBe("Order parts from the usual shop");

  await drawer.getByLabel("Labels").fill("urgent, shop");
  await drawer.getByLabel("Labels").press("Enter");
  await expect(drawer.getByTestId("task-labels")).toContainText("urgent");
  await drawer.getByRole("button", { name: "Remove label hardware" }).click();
  await expect(drawer.getByTestId("task-labels")).not.toContainText("hardware");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  expect((await getTask(request, user, projectId, "1")).labels).toEqual(["urgent", "shop"]);
});

test("closing with unsaved text asks first: Keep editing keeps it, Discard closes and saves nothing", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Write the runbook" }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  const details = drawer.getByLabel("Details");
  await details.fill("Step 1: back up the config");
  await details.press("Escape");
  const ask = page.getByRole("dialog", { name: "Discard unsaved changes to Details?" });
  await expect(ask).toBeVisible();
  await page.screenshot({ path: "/tmp/drawer-guard.png" });
  await ask.getByRole("button", { name: "Keep editing" }).click();
  await expect(ask).toBeHidden();
  await expect(details).toHaveValue("Step 1: back up the config");
  await expect(details).toBeFocused();
  // Still not saved: the question held the edit back.
  expect((await getTask(request, user, projectId, "1")).details).toBe("");

  // The close button asks too, and Discard closes without saving anything.
  await drawer.getByRole("button", { name: "Close task" }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Discard" }).click();
  await expect(drawer).toHaveCount(0);
  await expect(page).not.toHaveURL(/task=/);
  const t = await getTask(request, user, projectId, "1");
  expect(t.details).toBe("");
  expect(t.version).toBe(1);

  // Opened again, nothing is dirty: Esc just closes.
  await page.getByTestId("card-1").click();
  await expect(drawer.getByLabel("Details")).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
});

test("someone else's change to the same field is shown inline with both texts; nothing is lost either way", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Original title" }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  const title = drawer.getByLabel("Title", { exact: true });
  await title.fill("My title");
  // Meanwhile someone changes the task through the API.
  await ok(await request.patch(taskUrl(projectId, "1"), { headers: user.headers, data: { title: "Their title" } }));
  await title.press("Control+Enter");
  const conflict = drawer.getByTestId("save-conflict");
  await expect(conflict).toContainText("Someone else changed Title while you were editing");
  await expect(conflict.getByTestId("theirs-title")).toHaveText("Their title");
  await expect(conflict.getByTestId("mine-title")).toHaveText("My title");
  await expect(title).toHaveValue("My title");
  await page.screenshot({ path: "/tmp/drawer-conflict.png" });
  expect((await getTask(request, user, projectId, "1")).title).toBe("Their title");
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  expect((await getTask(request, user, projectId, "1")).title).toBe("My title");

  // Again, and this time take theirs.
  await title.fill("Second try");
  await ok(await request.patch(taskUrl(projectId, "1"), { headers: user.headers, data: { title: "Their second title" } }));
  await title.press("Enter");
  await expect(conflict).toBeVisible();
  await conflict.getByRole("button", { name: "Use theirs" }).click();
  await expect(title).toHaveValue("Their second title");
  expect((await getTask(request, user, projectId, "1")).title).toBe("Their second title");

  // A change to another field is no conflict: theirs is kept and mine saved on top.
  await title.fill("Mine, on top");
  await ok(await request.patch(taskUrl(projectId, "1"), { headers: user.headers, data: { priority: "low" } }));
  await title.press("Enter");
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  await expect(conflict).toHaveCount(0);
  expect(await getTask(request, user, projectId, "1")).toMatchObject({ title: "Mine, on top", priority: "low" });
  await expect(drawer.getByLabel("Priority")).toHaveValue("low");
});

test("a failed save is shown inline with Retry and the edit kept", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Survive a hiccup" }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  let fail = true;
  await page.route(`**${taskUrl(projectId, "1")}`, (route) =>
    route.request().method() === "PATCH" && fail ? route.abort("connectionrefused") : route.fallback(),
  );
  const title = drawer.getByLabel("Title", { exact: true });
  await title.fill("Survive a network hiccup");
  await title.press("Enter");
  const error = drawer.getByTestId("save-error");
  await expect(error).toContainText("Title not saved: Cannot reach the Cairn server");
  await expect(title).toHaveValue("Survive a network hiccup");
  fail = false;
  await error.getByRole("button", { name: "Retry" }).click();
  await expect(error).toHaveCount(0);
  await expect(drawer.getByTestId("save-state")).toHaveText("Saved");
  expect((await getTask(request, user, projectId, "1")).title).toBe("Survive a network hiccup");
});

test("a subtask opens in the drawer from its parent, and the breadcrumb leads back", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [
    { title: "Set up the NAS" },
    { title: "Install the disks", parent: "1" },
    { title: "Create the pool", parent: "1" },
  ]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  await drawer.getByTestId("subtask-1.1").click();
  await expect(page).toHaveURL(/task=1\.1/);
  await expect(drawer.getByLabel("Title", { exact: true })).toHaveValue("Install the disks");
  const back = drawer.getByTestId("drawer-parent");
  await expect(back).toContainText("← #1 Set up the NAS");
  await back.click();
  await expect(page).toHaveURL(/task=1(&|$)/);
  await expect(drawer.getByLabel("Title", { exact: true })).toHaveValue("Set up the NAS");
  // Enter on a subtask row opens it too.
  await drawer.getByTestId("subtask-1.2").focus();
  await page.keyboard.press("Enter");
  await expect(drawer.getByLabel("Title", { exact: true })).toHaveValue("Create the pool");
  await expect(page).toHaveURL(/task=1\.2/);
});

test("delete names the tasks that lose a prerequisite and the subtasks going with it; then the task is gone", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [
    { title: "Build the image" },
    { title: "Deploy", dependencies: ["1"] },
    { title: "Docs", dependencies: ["1"] },
    { title: "Write the Dockerfile", parent: "1" },
  ]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  await drawer.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Delete #1 Build the image?" });
  await expect(confirm.getByTestId("delete-dependents")).toHaveText(
    "#2 Deploy and #3 Docs depend on this task or its subtasks; they lose this prerequisite.",
  );
  await expect(confirm.getByTestId("delete-subtasks")).toHaveText("Its subtask is deleted with it: #1.1 Write the Dockerfile.");
  await page.screenshot({ path: "/tmp/drawer-delete.png" });
  // The preview changed nothing.
  expect((await getTask(request, user, projectId, "2")).dependencies).toEqual(["1"]);
  await confirm.getByRole("button", { name: "Delete 2 tasks" }).click();
  await expect(drawer).toHaveCount(0);
  await expect(page.getByTestId("toast").filter({ hasText: "Deleted #1 and its subtask" })).toBeVisible();
  await expect(page.getByTestId("card-1")).toHaveCount(0);
  expect((await request.get(taskUrl(projectId, "1"), { headers: user.headers })).status()).toBe(404);
  expect((await getTask(request, user, projectId, "2")).dependencies).toEqual([]);
  await page.getByTestId("card-2").click();
  await expect(drawer).toContainText("No prerequisites.");
});

test("a subtask deleted from its own drawer leaves the parent open", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Parent" }, { title: "Child to drop", parent: "1" }]);
  await signInInBrowser(page, user.email);
  const drawer = await openDrawer(page, projectId, "1");
  await drawer.getByTestId("subtask-1.1").click();
  await drawer.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Delete #1.1 Child to drop?" });
  await expect(confirm).toContainText("No other task depends on it.");
  await confirm.getByRole("button", { name: "Delete task" }).click();
  await expect(page).toHaveURL(/task=1(&|$)/);
  await expect(drawer.getByLabel("Title", { exact: true })).toHaveValue("Parent");
  await expect(drawer.getByTestId("subtask-1.1")).toHaveCount(0);
  expect((await getTask(request, user, projectId, "1")).subtasks).toEqual([]);
});

test("the drawer shows people and times, not internal fields, and fits a desktop and a phone", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [
    { title: "Mount the rack", details: "Use the **short** screws", labels: ["hardware"] },
    { title: "Cable it", dependencies: ["1"] },
    { title: "Find the rails", parent: "1" },
  ]);
  const task = await getTask(request, user, projectId, "1");
  await ok(await request.patch(taskUrl(projectId, "1"), { headers: user.headers, data: { status: "in-progress" } }));
  await signInInBrowser(page, user.email);
  for (const [name, viewport] of [
    ["1440", { width: 1440, height: 900 }],
    ["390", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    const drawer = await openDrawer(page, projectId, "1");
    await expect(drawer.getByTestId("task-meta")).toContainText(/Created .+ by .+ · Updated .+ · Added by hand/);
    await expect(drawer).not.toContainText(/version/i);
    await expect(drawer).not.toContainText(task.id);
    // Nothing sticks out sideways.
    expect(await drawer.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: `/tmp/drawer-${name}.png` });
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
  }
});
