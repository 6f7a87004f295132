import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { newUser, onPostgres, scratchDb } from "../support/api";
import { signInInBrowser } from "../support/pages";
import { ADMIN_EMAIL } from "../support/security";

// Settings → Backups and the admin alert banner, on the app under test (its backups go to
// CAIRN_BACKUP_DIR, a scratch folder `npm test` sets).
// Sign-in, two screen sizes and a backup: more than the default 30 s on a busy machine.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const backupDir = process.env.CAIRN_BACKUP_DIR!;
const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

async function shoot(page: Page, what: string) {
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await page.screenshot({ path: `/tmp/backups-${what}-${s.width}x${s.height}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("on PostgreSQL, Settings → Backups says that pg_dump backs the database up and offers nothing that would fail", async ({ page }) => {
  test.skip(!onPostgres(), "the app under test runs on SQLite");
  await signInInBrowser(page, ADMIN_EMAIL);
  await page.goto("/settings/backups");
  const section = page.getByTestId("backups-postgresql");
  await expect(section.getByRole("heading", { name: "Backups" })).toBeVisible();
  await expect(section).toContainText("Cairn runs on PostgreSQL here");
  await expect(section).toContainText("pg_dump");
  await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);
  await shoot(page, "postgresql");
  // The page's own session, sent as the page would (same origin).
  const res = await page.request.post("/api/v1/admin/backups", { headers: { origin: new URL(page.url()).origin } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error.message).toMatch(/pg_dump/);
});

test("a backup three days old is flagged; Back up now adds a row and clears the warning; a backup downloads", async ({ page }) => {
  test.skip(onPostgres(), "built-in backups copy the SQLite file");
  expect(backupDir, "npm test sets CAIRN_BACKUP_DIR").toBeTruthy();
  // Only an old backup on disk (a real copy of the database, named three days back).
  fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  for (const f of fs.readdirSync(backupDir)) if (/^cairn-\d{8}-\d{6}\.db$/.test(f)) fs.rmSync(path.join(backupDir, f));
  const oldName = `cairn-${utcStamp(new Date(Date.now() - 3 * 86400_000))}.db`;
  const db = scratchDb();
  db.exec(`VACUUM INTO '${path.join(backupDir, oldName).replace(/'/g, "''")}'`);
  db.close();

  await signInInBrowser(page, ADMIN_EMAIL);
  await page.goto("/settings/backups");
  const rows = page.getByTestId("backup-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(oldName);
  await expect(rows.first()).toContainText("3 days ago");
  const warning = page.getByTestId("backup-stale");
  await expect(warning).toContainText("The last good backup is 3 days ago.");
  await expect(warning).toContainText("more than twice that");
  await shoot(page, "stale");

  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("just now");
  await expect(rows.first()).not.toContainText(oldName);
  await expect(warning).toBeHidden();
  await shoot(page, "settings");

  const name = (await rows.first().locator("td").first().textContent())!.trim();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    rows
      .first()
      .getByRole("link", { name: `Download ${name}` })
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe(name);
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\u0000");
});

test("the schedule saves, and a non-admin gets no backups", async ({ page, request }) => {
  test.skip(onPostgres(), "built-in backups copy the SQLite file");
  await signInInBrowser(page, ADMIN_EMAIL);
  await page.goto("/settings/backups");
  const keep = page.getByLabel("Backups to keep");
  await expect(keep).toBeEnabled();
  const previous = await keep.inputValue();
  await keep.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  // The browser's own check stops 0 before it is sent; the saved value stays.
  await page.reload();
  await expect(keep).toHaveValue(previous);
  await keep.fill("9");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Backup settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Backups to keep")).toHaveValue("9");
  await page.getByLabel("Backups to keep").fill(previous);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Backup settings saved")).toBeVisible();

  const user = await newUser(request);
  await page.context().clearCookies();
  await signInInBrowser(page, user.email);
  await page.goto("/settings/backups");
  await expect(page.getByText("Backups are kept by the instance admin.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);
  expect((await request.get("/api/v1/admin/backups", { headers: user.headers })).status()).toBe(403);
});

test("admins see a banner when an endpoint goes down, dismissible until its state changes again", async ({ page }) => {
  const subject = `endpoint:e2e-${Date.now()}`;
  const key = `alert.${subject}`;
  const put = (since: Date, state: "down" | "up", title: string, recovered?: true) => {
    const db = scratchDb();
    db.prepare(
      'INSERT INTO "InstanceSetting" ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"',
    ).run(
      key,
      JSON.stringify({
        state,
        since: since.toISOString(),
        title,
        message: `Cairn cannot reach Garage Ollama: connection refused.`,
        recovered,
      }),
    );
    db.close();
  };
  put(new Date(Date.now() - 5 * 60_000), "down", "AI endpoint Garage Ollama is down");
  try {
    await signInInBrowser(page, ADMIN_EMAIL);
    const banner = page.getByTestId("admin-alert").filter({ hasText: "Garage Ollama is down" });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("5 minutes ago");
    await expect(banner.getByRole("link", { name: "AI settings" })).toHaveAttribute("href", "/settings/ai");
    await shoot(page, "banner");

    await banner.getByRole("button", { name: "Dismiss: AI endpoint Garage Ollama is down" }).click();
    await expect(banner).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
    await expect(banner).toBeHidden();

    // The next change shows again (as the app records it: up after being down).
    put(new Date(), "up", "AI endpoint Garage Ollama is back up", true);
    await page.reload();
    await expect(page.getByTestId("admin-alert").filter({ hasText: "Garage Ollama is back up" })).toBeVisible();
  } finally {
    const db = scratchDb();
    db.prepare('DELETE FROM "InstanceSetting" WHERE "key" = ?').run(key);
    db.close();
  }
});
