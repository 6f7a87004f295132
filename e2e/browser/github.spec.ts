import { expect, test } from "@playwright/test";
import { newProject, newUser, scratchDb } from "../support/api";
import { example, forRepo, linkRepo, send, uniqueRepo } from "../support/github";
import { openBoard, signInInBrowser } from "../support/pages";

// Sign-in, settings, the board and the log on a busy machine: more than the default 30 s in all
// (the board's 2 s for the delivery is its own assertion).
test.describe.configure({ timeout: 90_000 });

test("link a repository in settings; a signed issues.opened shows on the open board and in the delivery log", async ({
  page,
  context,
  request,
}) => {
  const owner = await newUser(request);
  const projectId = await newProject(request, owner);
  const repository = uniqueRepo();
  await signInInBrowser(page, owner.email);
  await page.goto(`/projects/${projectId}/settings`);
  const section = page.getByTestId("github-settings");
  await expect(section.getByTestId("github-deliveries-empty")).toBeVisible();
  await section.getByLabel("Repository").fill(repository);
  await section.getByRole("button", { name: "Link repository" }).click();

  const values = section.getByTestId("github-webhook-values");
  await expect(values.getByTestId("github-payload-url")).toHaveText(/\/api\/v1\/integrations\/github$/);
  await expect(values).toContainText("application/json");
  await expect(values).toContainText("Issues, Pull requests, Pushes");
  const secret = (await values.getByTestId("github-secret").textContent())!.trim();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);

  // After a reload the secret is gone for good.
  await page.reload();
  await expect(page.getByTestId("github-link")).toContainText(repository);
  await expect(page.getByTestId("github-secret")).toHaveCount(0);

  const board = await context.newPage();
  await openBoard(board, projectId);
  const payload = forRepo(example("issues", "opened"), repository);
  const { res, id } = await send(request, secret, "issues", payload);
  expect(res.status()).toBe(200);
  await expect(board.getByTestId("card-1")).toContainText(payload.issue.title, { timeout: 2_000 });

  const row = page.getByTestId("github-delivery").filter({ hasText: id.slice(0, 8) });
  await expect(row).toContainText("issues.opened");
  await expect(row).toContainText("applied");
  await expect(row).toContainText(`Created #1`);

  // CAIRN_SCREENSHOTS=dir keeps pictures of the screen at desktop and phone sizes, to look at.
  const dir = process.env.CAIRN_SCREENSHOTS;
  if (dir) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole("button", { name: "Webhook settings" }).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${dir}/github-${w}x${h}.png`, fullPage: true });
    }
  }
});

test("on a phone the delivery log scrolls in its own box, and with two repositories each row names its own", async ({ page, request }) => {
  const owner = await newUser(request);
  const projectId = await newProject(request, owner);
  const first = await linkRepo(request, owner, projectId);
  const second = await linkRepo(request, owner, projectId);
  for (const { repository, secret } of [first, second]) {
    const { res } = await send(request, secret, "issues", forRepo(example("issues", "opened"), repository));
    expect(res.status()).toBe(200);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await signInInBrowser(page, owner.email);
  await page.goto(`/projects/${projectId}/settings`);
  const rows = page.getByTestId("github-delivery");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: first.repository })).toHaveCount(1);
  await expect(rows.filter({ hasText: second.repository })).toHaveCount(1);
  // The page itself never scrolls sideways; the table does, inside its box.
  const widths = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const box = document.querySelector('[data-testid="github-deliveries-scroll"]')!;
    // Anything reaching past the screen's edge outside the scroll box, to name in a failure.
    const past = [...document.querySelectorAll("body *")]
      .filter((e) => !box.contains(e) && e.getBoundingClientRect().right > vw + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 60)} “${(e.textContent ?? "").slice(0, 40)}”`);
    return { page: document.documentElement.scrollWidth, viewport: vw, box: box.clientWidth, table: box.scrollWidth, past };
  });
  expect(widths.past).toEqual([]);
  expect(widths.page).toBeLessThanOrEqual(widths.viewport + 1);
  expect(widths.box).toBeLessThanOrEqual(widths.viewport);
  expect(widths.table).toBeGreaterThan(widths.box);

  // A pushed commit's note (with its long commit URL) wraps inside the drawer.
  const push = forRepo(
    example("push", undefined, (p) => p.commits?.length > 0),
    first.repository,
  );
  push.commits[0].message = "Wire the receiver, cairn#1";
  push.head_commit = push.commits[0];
  const pushed = await send(request, first.secret, "push", push);
  expect(pushed.res.status()).toBe(200);
  await page.goto(`/projects/${projectId}/board?task=1`);
  const note = page.getByTestId("note-body").filter({ hasText: "Wire the receiver" });
  await expect(note).toContainText("/commit/");
  const box = (await note.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await note.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
});

test("a delivery that failed is replayed from the log: Replay applies it once and the task appears", async ({ page, request }) => {
  const owner = await newUser(request);
  const projectId = await newProject(request, owner);
  const { repository, secret } = await linkRepo(request, owner, projectId);
  const payload = forRepo(example("issues", "opened"), repository);
  payload.issue.title = `Replay me ${Date.now()}`;
  // A real failure inside the database: a trigger refuses this one task while it exists.
  const trigger = `fail_${Date.now()}`;
  const db = scratchDb();
  db.exec(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON Task WHEN NEW.title = '${payload.issue.title}' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`,
  );
  let failed;
  try {
    failed = await send(request, secret, "issues", payload);
  } finally {
    db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    db.close();
  }
  expect(failed.res.status()).toBe(500);
  expect((await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }).then((r) => r.json())).total).toBe(0);

  await signInInBrowser(page, owner.email);
  await page.goto(`/projects/${projectId}/settings`);
  const row = page.getByTestId("github-delivery").filter({ hasText: failed.id.slice(0, 8) });
  await expect(row).toContainText("failed");
  await row.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByText("Replay: applied")).toBeVisible();
  await expect(row).toContainText("applied");
  await expect(row).toContainText(`Created #1`);
  await expect(row.getByRole("button", { name: "Replay" })).toHaveCount(0);

  const { tasks } = await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }).then((r) => r.json());
  expect(tasks.map((t: { title: string }) => t.title)).toEqual([payload.issue.title]);
  // GitHub's own redelivery of the same id changes nothing more.
  const again = await send(request, secret, "issues", payload, { id: failed.id });
  expect((await again.res.json()).duplicate).toBe(true);
  const { deliveries } = await request
    .get(`/api/v1/projects/${projectId}/integrations/github/deliveries`, { headers: owner.headers })
    .then((r) => r.json());
  expect(deliveries.filter((d: { outcome: string }) => d.outcome === "applied")).toHaveLength(1);
  const replayed = deliveries.find((d: { outcome: string }) => d.outcome === "applied");
  expect(
    (
      await request.post(`/api/v1/projects/${projectId}/integrations/github/deliveries/${replayed.id}/replay`, { headers: owner.headers })
    ).status(),
  ).toBe(409);
});
