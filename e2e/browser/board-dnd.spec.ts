import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { addTask, newProject, newUser, ok, type TestUser } from "../support/api";
import { columnRefs, openBoard, signInInBrowser } from "../support/pages";

async function boardWith(request: APIRequestContext, tasks: { title: string; status?: string }[]) {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const t of tasks) await addTask(request, user, projectId, t);
  return { user, projectId };
}

async function statusOf(request: APIRequestContext, user: TestUser, projectId: string, ref: string) {
  return (await ok(await request.get(`/api/v1/projects/${projectId}/tasks/${ref}`, { headers: user.headers }))).task.status as string;
}

/** Pointer drag to a point on the page: press, nudge past the activation distance, travel, release. */
async function dragToPoint(page: Page, source: Locator, x: number, y: number) {
  const s = (await source.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2 + 8, s.y + s.height / 2 + 8, { steps: 4 });
  await page.mouse.move(x, y, { steps: 20 });
  await page.mouse.move(x, y + 1, { steps: 2 });
  await page.mouse.up();
}

const announcer = (page: Page) => page.getByTestId("board-announcer");

test.describe("mouse", () => {
  test("a card dropped low in an empty column, far from its placeholder, lands there and stays after a reload", async ({
    page,
    request,
  }) => {
    const { user, projectId } = await boardWith(request, [{ title: "Install Ollama" }, { title: "Pull a model" }]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    const review = (await page.getByTestId("column-review").boundingBox())!;
    const placeholder = (await page.getByTestId("column-review").getByText("Nothing here").boundingBox())!;
    // Well below the "Nothing here" box, near the column's foot.
    const y = review.y + review.height - 30;
    expect(y).toBeGreaterThan(placeholder.y + placeholder.height + 100);
    const moved = page.waitForResponse((r) => r.url().includes("/tasks/1/move") && r.status() === 200);
    await dragToPoint(page, page.getByTestId("card-1"), review.x + 20, y);
    await moved;
    await expect.poll(() => columnRefs(page, "review")).toEqual(["1"]);
    // dnd-kit's live region says it in words.
    await expect(page.locator('[id^="DndLiveRegion"]')).toContainText("Dropped #1 Install Ollama in Review, position 1 of 1.");
    await page.reload();
    await expect.poll(() => columnRefs(page, "review")).toEqual(["1"]);
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["2"]);
    expect(await statusOf(request, user, projectId, "1")).toBe("review");
  });

  test("dropped between two cards it lands between them; below the last card it goes last", async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [
      { title: "Mover" },
      { title: "Top of done", status: "done" },
      { title: "Bottom of done", status: "done" },
      { title: "Second mover" },
    ]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    await expect.poll(() => columnRefs(page, "done")).toEqual(["2", "3"]);
    const top = (await page.getByTestId("card-2").boundingBox())!;
    const bottom = (await page.getByTestId("card-3").boundingBox())!;
    // The gap between the two cards.
    await dragToPoint(page, page.getByTestId("card-1"), top.x + top.width / 2, (top.y + top.height + bottom.y) / 2);
    await expect.poll(() => columnRefs(page, "done")).toEqual(["2", "1", "3"]);
    // The empty part of the column under its last card.
    const column = (await page.getByTestId("column-done").boundingBox())!;
    await dragToPoint(page, page.getByTestId("card-4"), column.x + column.width / 2, column.y + column.height - 40);
    await expect.poll(() => columnRefs(page, "done")).toEqual(["2", "1", "3", "4"]);
    await page.reload();
    await expect.poll(() => columnRefs(page, "done")).toEqual(["2", "1", "3", "4"]);
    expect(await statusOf(request, user, projectId, "4")).toBe("done");
  });
});

test.describe("keyboard", () => {
  test("Space, ArrowRight ×2, Space lands in the empty Review column the board showed, and says so", async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [
      { title: "Install Ollama" },
      { title: "Write the prompt", status: "in-progress" },
      { title: "Ship it", status: "done" },
    ]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    const card = page.getByTestId("card-1");
    await card.focus();
    await page.keyboard.press("Space");
    await expect(announcer(page)).toHaveText("Picked up #1 Install Ollama. In Pending, position 1 of 1.");
    await page.keyboard.press("ArrowRight");
    await expect(announcer(page)).toHaveText("Moved to In progress, position 1 of 2.");
    await expect(page.getByTestId("column-in-progress")).toHaveAttribute("data-target", "true");
    await expect.poll(() => columnRefs(page, "in-progress")).toEqual(["1", "2"]);
    await page.keyboard.press("ArrowRight");
    await expect(announcer(page)).toHaveText("Moved to Review, position 1 of 1.");
    // What the board shows is where the card will go: in Review, nowhere else.
    await expect(page.getByTestId("column-review")).toHaveAttribute("data-target", "true");
    await expect.poll(() => columnRefs(page, "review")).toEqual(["1"]);
    await expect.poll(() => columnRefs(page, "in-progress")).toEqual(["2"]);
    const moved = page.waitForResponse((r) => r.url().includes("/tasks/1/move") && r.status() === 200);
    await page.keyboard.press("Space");
    await expect(announcer(page)).toHaveText("Dropped #1 Install Ollama in Review, position 1 of 1.");
    await moved;
    await expect(page.getByTestId("card-1")).toBeFocused();
    await page.reload();
    await expect.poll(() => columnRefs(page, "review")).toEqual(["1"]);
    await expect.poll(() => columnRefs(page, "done")).toEqual(["3"]);
    expect(await statusOf(request, user, projectId, "1")).toBe("review");
  });

  test("ArrowDown moves a card down its column, one place per press", async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [{ title: "Alpha" }, { title: "Bravo" }, { title: "Charlie" }]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    await page.getByTestId("card-1").focus();
    await page.keyboard.press("Space");
    await expect(announcer(page)).toHaveText("Picked up #1 Alpha. In Pending, position 1 of 3.");
    await page.keyboard.press("ArrowDown");
    await expect(announcer(page)).toHaveText("Moved to Pending, position 2 of 3.");
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["2", "1", "3"]);
    await page.keyboard.press("ArrowDown");
    await expect(announcer(page)).toHaveText("Moved to Pending, position 3 of 3.");
    await page.keyboard.press("ArrowDown");
    await expect(announcer(page)).toHaveText("In Pending, position 3 of 3. It cannot go further that way.");
    await page.keyboard.press("ArrowUp");
    await expect(announcer(page)).toHaveText("Moved to Pending, position 2 of 3.");
    await page.keyboard.press("Space");
    await expect(announcer(page)).toHaveText("Dropped #1 Alpha in Pending, position 2 of 3.");
    await expect(page.getByTestId("toast").filter({ hasText: "Moved #1" })).toBeVisible();
    await page.reload();
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["2", "1", "3"]);
    expect(await statusOf(request, user, projectId, "1")).toBe("pending");
  });

  test("Escape puts the card back and saves nothing", async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [{ title: "Stay put" }, { title: "Neighbour" }]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    const moves: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/move")) moves.push(r.url());
    });
    await page.getByTestId("card-1").focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await expect(announcer(page)).toHaveText("Moved to In progress, position 1 of 1.");
    await page.keyboard.press("ArrowRight");
    await expect(announcer(page)).toHaveText("Moved to Review, position 1 of 1.");
    await page.keyboard.press("Escape");
    await expect(announcer(page)).toHaveText("Move cancelled. #1 Stay put is back in Pending.");
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2"]);
    await expect(page.getByTestId("column-review")).not.toHaveAttribute("data-target", "true");
    await expect(page.getByTestId("card-1")).toBeFocused();
    // Escape ended the move only: no drawer opens, nothing was sent.
    await expect(page.getByTestId("task-drawer")).toHaveCount(0);
    expect(moves).toEqual([]);
    await page.reload();
    await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2"]);
    expect(await statusOf(request, user, projectId, "1")).toBe("pending");
  });

  test("a collapsed column takes a keyboard move", async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [{ title: "Park this", status: "done" }]);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    const deferred = page.getByTestId("column-collapsed-deferred");
    await expect(deferred).toContainText("Deferred · 0");
    await page.getByTestId("card-1").focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await expect(announcer(page)).toHaveText("Moved to Deferred, position 1 of 1.");
    await expect(deferred).toHaveAttribute("data-target", "true");
    await page.keyboard.press("Space");
    await expect(announcer(page)).toHaveText("Dropped #1 Park this in Deferred, position 1 of 1.");
    await expect(deferred).toContainText("Deferred · 1");
    await expect.poll(() => statusOf(request, user, projectId, "1")).toBe("deferred");
    await page.reload();
    await expect(page.getByTestId("column-collapsed-deferred")).toContainText("Deferred · 1");
  });
});

test("cards are named by their visible text first, and no card nests a focus stop", async ({ page, request }) => {
  const { user, projectId } = await boardWith(request, [{ title: "Install Ollama" }]);
  await addTask(request, user, projectId, { title: "Pull a model", priority: "high", dependencies: ["1"], labels: ["setup"] });
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await expect(page.getByTestId("card-1")).toHaveAccessibleName(/^#1\s*Install Ollama/);
  await expect(page.getByTestId("card-2")).toHaveAccessibleName(/^#2\s*Pull a model\s*high\s*Blocked( by #1)?\s*setup$/);
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="board"]')
    .withRules(["label-content-name-mismatch", "nested-interactive"])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  expect(axe.passes.map((p) => p.id)).toContain("nested-interactive");
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`every column can be seen whole at ${size.width}×${size.height}`, async ({ page, request }) => {
    const { user, projectId } = await boardWith(request, [{ title: "One" }, { title: "Gone", status: "cancelled" }]);
    await page.setViewportSize(size);
    await signInInBrowser(page, user.email);
    await openBoard(page, projectId);
    const board = page.getByTestId("board");
    const columns = board.locator(":scope > section");
    await expect(columns).toHaveCount(6);
    /** Whole within the board's scroll area as it is scrolled now, and within the window. */
    const seenWhole = async (c: Locator) => {
      await c.scrollIntoViewIfNeeded();
      await expect(c).toBeInViewport({ ratio: 1 });
      const [b, box] = [(await board.boundingBox())!, (await c.boundingBox())!];
      expect(box.x).toBeGreaterThanOrEqual(b.x);
      expect(box.x + box.width).toBeLessThanOrEqual(b.x + b.width + 0.5);
    };
    if (size.width === 1440) {
      // All six fit side by side: nothing to scroll to, nothing cut off.
      expect(await board.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await expect(page.getByTestId("board-more-right")).toHaveCount(0);
    } else {
      // The rest lies to the right, and the board says so.
      await expect(page.getByTestId("board-more-right")).toBeVisible();
    }
    for (const c of await columns.all()) await seenWhole(c);
    // Only the board scrolls sideways: the page itself (header, tabs) stays as wide as the window.
    await board.evaluate((el) => el.scrollTo({ left: 0 }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Expand Cancelled" }).click();
    const cancelled = page.getByTestId("column-cancelled");
    await seenWhole(cancelled);
    await expect(cancelled.getByTestId("card-2")).toBeVisible();
    await page.screenshot({ path: `test-results/board-${size.width}x${size.height}.png` });
  });
}
