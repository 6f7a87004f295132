// Finding things, as a person does it: ⌘K across projects, My tasks, the shortcut sheet, the
// overview's one count and the phone's project tabs. CAIRN_SHOTS=<folder> saves screenshots.
import { expect, test, type Page } from "@playwright/test";
import { addTask, newProject, newUser, unique } from "../support/api";
import { openBoard, signInInBrowser } from "../support/pages";

test.describe.configure({ timeout: 90_000 });

async function shot(
  page: Page,
  name: string,
  sizes: [number, number][] = [
    [1440, 900],
    [390, 844],
  ],
) {
  const dir = process.env.CAIRN_SHOTS;
  if (!dir) return;
  const before = page.viewportSize();
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${dir}/polish-${name}-${w}.png` });
  }
  if (before) await page.setViewportSize(before);
}

const palette = (page: Page) => page.getByRole("dialog", { name: "Search and commands" });
const combobox = (page: Page) => palette(page).getByRole("combobox");

/** The option the combobox says is active (aria-activedescendant), as its text. */
async function activeOption(page: Page): Promise<string> {
  const id = await combobox(page).getAttribute("aria-activedescendant");
  expect(id).toBeTruthy();
  const option = page.locator(`[id="${id}"]`);
  await expect(option).toHaveAttribute("aria-selected", "true");
  return (await option.innerText()).replace(/\s+/g, " ").trim();
}

test("⌘K finds a task in another project by title or ref, and Enter opens it in the drawer", async ({ page, request }) => {
  const user = await newUser(request);
  const tag = unique("p").replace(/\W/g, "").slice(-8);
  const garden = await newProject(request, user, `Garden ${tag}`);
  await addTask(request, user, garden, { title: "Plant the tomatoes" });
  const workshop = await newProject(request, user, `Workshop ${tag}`);
  await addTask(request, user, workshop, { title: "Build the workbench" });
  await addTask(request, user, workshop, { title: `Sharpen the chisels ${tag}` });

  await signInInBrowser(page, user.email);
  await openBoard(page, garden);

  // Opened with the mouse, closed with Esc: focus is back on the button.
  const opener = page.getByTestId("open-palette");
  await opener.click();
  await expect(combobox(page)).toBeFocused();
  await expect(combobox(page)).toHaveAttribute("aria-expanded", "true");
  await expect(palette(page).getByRole("listbox")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette(page)).toBeHidden();
  await expect(opener).toBeFocused();

  // With the keyboard: Ctrl+K, a few letters of the title, Enter.
  await page.keyboard.press("Control+k");
  await expect(combobox(page)).toBeFocused();
  await page.keyboard.type(`chisels ${tag}`);
  const hit = palette(page).getByRole("option", { name: new RegExp(`#2 Sharpen the chisels ${tag}`) });
  await expect(hit).toBeVisible();
  await expect(hit).toContainText(`Workshop ${tag}`);
  expect(await activeOption(page)).toContain(`#2 Sharpen the chisels ${tag}`);
  await shot(page, "palette");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/projects/${workshop}/board\\?task=2$`));
  await expect(page.getByRole("dialog", { name: `#2 Sharpen the chisels ${tag}` })).toBeVisible();
  await expect(page.getByTestId("project-name")).toHaveText(`Workshop ${tag}`);

  // By ref, from inside the open drawer: "#1" of either project; the arrows pick Garden's.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("#1");
  const refs = palette(page).getByRole("option", { name: /^#1 / });
  await expect(refs).toHaveCount(2);
  const first = await activeOption(page);
  await page.keyboard.press("ArrowDown");
  const second = await activeOption(page);
  expect([first, second].sort((a, b) => a.localeCompare(b))).toEqual([
    expect.stringContaining("#1 Build the workbench"),
    expect.stringContaining("#1 Plant the tomatoes"),
  ]);
  // Back up to Garden's when it came first.
  if (first.includes("Plant the tomatoes")) await page.keyboard.press("ArrowUp");
  expect(await activeOption(page)).toContain("Plant the tomatoes");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/projects/${garden}/board\\?task=1$`));
  await expect(page.getByRole("dialog", { name: "#1 Plant the tomatoes" })).toBeVisible();
});

test("⌘K runs actions: go to the graph, and a new task that opens in the drawer", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Attic");
  await addTask(request, user, projectId, { title: "Insulate the roof" });
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/overview`);
  await expect(page.getByTestId("project-name")).toHaveText("Attic");

  // Empty, it lists the actions, then the recently changed tasks; ↑ from the first wraps to the last.
  await page.keyboard.press("Control+k");
  await expect(palette(page).getByRole("option", { name: /#1 Insulate the roof/ })).toBeVisible();
  expect(await activeOption(page)).toContain("New task");
  await page.keyboard.press("ArrowDown");
  expect(await activeOption(page)).toContain("Go to board");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  expect(await activeOption(page)).toContain("#1 Insulate the roof");

  await page.keyboard.type("graph");
  expect(await activeOption(page)).toContain("Go to graph");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/graph$`));

  await page.keyboard.press("Control+k");
  await page.keyboard.type("new task");
  expect(await activeOption(page)).toContain("New task");
  await page.keyboard.press("Enter");
  await expect(palette(page)).toContainText("New task in Attic");
  await page.keyboard.type("Seal the window frames");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/board\\?task=2$`));
  await expect(page.getByRole("dialog", { name: "#2 Seal the window frames" })).toBeVisible();

  // The account pages are one step away too.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("my tasks");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "My tasks", exact: true })).toBeVisible();
});

test("the shortcut sheet lists ⌘K and the board's keyboard moves", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Cellar");
  await addTask(request, user, projectId, { title: "Dry the walls" });
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  for (const [key, what] of [
    ["⌘K / Ctrl+K", "Search tasks and jump anywhere"],
    ["c", "New task"],
    ["/", "Search the board"],
    ["j / k", "Next / previous card"],
    ["Space", "Pick up the focused card"],
    ["↑ / ↓", "Move it up or down within its column"],
    ["← / →", "Move it to the neighbouring column"],
    ["Space", "Drop it where it is shown"],
    ["Esc", "Cancel the move"],
  ]) {
    await expect(sheet.locator("dt", { hasText: key }).first()).toBeVisible();
    await expect(sheet.locator("dd", { hasText: what })).toBeVisible();
  }
  await shot(page, "shortcuts", [[1440, 900]]);
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
});

test("My tasks lists what is assigned to me across projects, from the main nav", async ({ page, request }) => {
  const user = await newUser(request);
  const tag = unique("m").replace(/\W/g, "").slice(-8);
  const boat = await newProject(request, user, `Boat ${tag}`);
  const shed = await newProject(request, user, `Shed ${tag}`);
  await addTask(request, user, boat, { title: "Scrape the hull", assignee: user.email, priority: "high", dueDate: "2031-04-01" });
  await addTask(request, user, boat, { title: "Order paint", assignee: "someone@example.test" });
  await addTask(request, user, shed, { title: "Fix the roof", assignee: user.name.toUpperCase(), priority: "critical" });
  await addTask(request, user, shed, { title: "Sweep up", assignee: user.name, status: "done" });

  await signInInBrowser(page, user.email);
  await page.getByRole("link", { name: "My tasks" }).click();
  await expect(page.getByRole("heading", { name: "My tasks", exact: true })).toBeVisible();
  await expect(page.getByTestId("my-tasks-count")).toHaveText("2 open tasks assigned to you");
  const boatSection = page.getByRole("region", { name: new RegExp(`Boat ${tag}`) });
  const shedSection = page.getByRole("region", { name: new RegExp(`Shed ${tag}`) });
  await expect(boatSection.getByTestId("my-task")).toHaveCount(1);
  await expect(boatSection.getByTestId("my-task")).toContainText("Scrape the hull");
  await expect(boatSection.getByTestId("my-task")).toContainText("Pending");
  await expect(boatSection.getByTestId("my-task")).toContainText("high");
  await expect(boatSection.getByTestId("my-task").locator("td:last-child time")).toHaveAttribute("datetime", "2031-04-01T00:00:00.000Z");
  await expect(shedSection.getByTestId("my-task")).toHaveCount(1);
  await expect(shedSection).toContainText("1 task");
  await expect(page.getByText("Order paint")).toHaveCount(0);
  await expect(page.getByText("Sweep up")).toHaveCount(0);
  await shot(page, "my-tasks");

  await page.getByLabel("Show done and cancelled").check();
  await expect(shedSection.getByTestId("my-task")).toHaveCount(2);
  await expect(page.getByTestId("my-tasks-count")).toHaveText("3 tasks assigned to you");

  await boatSection.getByRole("link", { name: "Scrape the hull" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${boat}/board\\?task=1$`));
  await expect(page.getByRole("dialog", { name: "#1 Scrape the hull" })).toBeVisible();

  // Someone with nothing assigned gets a plain empty state.
  const other = await newUser(request);
  await page.context().clearCookies();
  await signInInBrowser(page, other.email);
  await page.goto("/my-tasks");
  await expect(page.getByTestId("my-tasks-empty")).toContainText("Nothing assigned to you is open.");
  await shot(page, "my-tasks-empty", [[1440, 900]]);
});

test("the overview's header and body give one count, and the phone's project tabs are all readable", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Greenhouse");
  await addTask(request, user, projectId, { title: "Pour the base", status: "done" });
  await addTask(request, user, projectId, { title: "Raise the frame" });
  await addTask(request, user, projectId, { title: "Glaze the roof" });
  await addTask(request, user, projectId, { title: "Buy a heater", status: "cancelled" });
  await addTask(request, user, projectId, { title: "Fit the vents", parent: "2" });
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/overview`);
  await expect(page.getByTestId("overview-completion-tasks")).toContainText("1 of 3 done");
  await expect(page.getByTestId("project-done")).toHaveText("1/3 done");
  await shot(page, "overview-header");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const tabs = page.getByTestId("project-tabs").getByRole("link");
  await expect(tabs).toHaveCount(9);
  for (const tab of await tabs.all()) {
    await expect(tab).toBeVisible();
    const box = (await tab.boundingBox())!;
    const label = await tab.innerText();
    expect(box.x, label).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, label).toBeLessThanOrEqual(390);
    // Nothing cut off: the text fits its box.
    expect(await tab.evaluate((el) => el.scrollWidth <= el.clientWidth), label).toBe(true);
  }
  // No sideways scrolling on the phone, header included.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "phone-tabs", [[390, 844]]);
});
