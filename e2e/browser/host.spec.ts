// The address the browser used: without NEXTAUTH_URL, signing in and out stays on it (here
// 127.0.0.1, another origin than the localhost the other specs use); with NEXTAUTH_URL set to
// another address, the sign-in page says where it will lead.
import { expect, test } from "@playwright/test";
import { newUser, PASSWORD } from "../support/api";
import { startOwnServer } from "../support/own-server";
import { appOrigin } from "../support/security";

test("without NEXTAUTH_URL, sign-in and sign-out from 127.0.0.1 stay on 127.0.0.1", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const user = await newUser(request);
  // Its own server, started without NEXTAUTH_URL, on a copy of the database (the user included).
  const server = await startOwnServer({ env: { NEXTAUTH_URL: undefined } });
  const base = server.baseURL.replace("//localhost:", "//127.0.0.1:");
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await expect(page).toHaveURL(new RegExp(`^${base}/signin`));
    await expect(page.getByTestId("url-mismatch")).toHaveCount(0);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The first sign-in on a server that just started (a deliberately slow password check) may take a while on a busy machine.
    await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 30_000 });
    expect(page.url()).toBe(`${base}/`);

    // Writes with the session are accepted from this address's own pages, and refused from another origin.
    const own = await page.request.post(`${base}/api/v1/projects`, { headers: { origin: base }, data: { name: "Made at 127.0.0.1" } });
    expect(own.status()).toBe(201);
    const foreign = await page.request.post(`${base}/api/v1/projects`, { headers: { origin: "http://localhost:1" }, data: { name: "x" } });
    expect(foreign.status()).toBe(403);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${base}/signin`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    // Signed out for real: the app sends this browser back to this address's sign-in page.
    await page.goto(`${base}/settings`);
    await expect(page).toHaveURL(new RegExp(`^${base}/signin`));
  } finally {
    await context.close();
    await server.stop();
  }
});

test("opened at another address than NEXTAUTH_URL's, the sign-in page says where signing in leads", async ({ page }) => {
  const other = appOrigin.replace("//localhost:", "//127.0.0.1:");
  await page.goto(`${other}/signin`);
  const note = page.getByTestId("url-mismatch");
  await expect(note).toContainText(`You opened Cairn at ${other}`);
  await expect(note).toContainText(`it is set up (NEXTAUTH_URL) for ${appOrigin}`);
  await expect(note.getByRole("link", { name: appOrigin })).toHaveAttribute("href", `${appOrigin}/signin`);
  // At NEXTAUTH_URL's own address there is nothing to warn about.
  await page.goto(`${appOrigin}/signin`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("url-mismatch")).toHaveCount(0);
});
