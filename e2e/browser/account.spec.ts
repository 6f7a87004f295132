import { expect, request as pwRequest, test, type Page } from "@playwright/test";
import { newProject, newUser, ok, PASSWORD, sessionCookie, signInSession, tokenFor } from "../support/api";
import { signInInBrowser } from "../support/pages";

// Each flow signs in (a deliberately slow password check) more than once.
test.describe.configure({ timeout: 120_000 });

// Screens of issue 10 (findings 9–11) and the account basics of issue 12, used as a person would.
// CAIRN_SHOTS=<folder> also saves screenshots of them at desktop and phone sizes.
async function shot(page: Page, name: string) {
  const dir = process.env.CAIRN_SHOTS;
  if (!dir) return;
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${dir}/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("the sign-in page says plainly when an account is throttled", async ({ page, request }) => {
  const user = await newUser(request);
  for (let i = 0; i < 10; i++) {
    expect(
      (
        await request.post("/api/v1/tokens", { data: { email: user.email, password: `guess-${i}-guess`, name: "g", scopes: ["read"] } })
      ).status(),
    ).toBe(401);
  }
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
    "Too many failed sign-in attempts. Try again in 15 minutes.",
  );
  await expect(page).toHaveURL(/\/signin/);
  await shot(page, "signin-throttled");
});

test("sign-up explains the password rule and refuses a common password", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByText("At least 10 characters, and not a common password.")).toBeVisible();
  await page.getByLabel("Name").fill("Common Password");
  await page.getByLabel("Email").fill(`common-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is one of the most common ones: choose something harder to guess")).toBeVisible();
});

test("after Sign out, the old cookie leads to the sign-in page", async ({ page, request }) => {
  const user = await newUser(request);
  await signInInBrowser(page, user.email);
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.context().addCookies(cookies);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin/);
});

test("Account: change the password (other sessions end), then sign out everywhere", async ({ page, request, baseURL }) => {
  const user = await newUser(request);
  const other = await pwRequest.newContext({ baseURL });
  expect((await signInSession(other, user.email)).status()).toBe(200);
  const otherCookie = await sessionCookie(other);
  await signInInBrowser(page, user.email);
  await page.goto("/settings");
  await shot(page, "account");

  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password", { exact: true }).fill("a-fresh-long-password");
  await page.getByLabel("Confirm new password").fill("a-fresh-long-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong")).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("Confirm new password").fill("a-different-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The two new passwords differ")).toBeVisible();

  await page.getByLabel("Confirm new password").fill("a-fresh-long-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Password changed." })).toContainText(
    "Password changed. 1 other session was signed out.",
    { timeout: 20_000 },
  );
  const replay = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: otherCookie } });
  expect((await replay.get("/api/v1/me")).status()).toBe(401);
  // This browser stays signed in.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Password" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await Promise.all([other.dispose(), replay.dispose()]);
});

test("the admin disables and enables a user in Settings → Users", async ({ page, request }) => {
  const user = await newUser(request);
  await signInInBrowser(page, "admin@cairn.test");
  await page.goto("/settings");
  const row = page.getByTestId("user-list").getByRole("listitem").filter({ hasText: user.email });
  await row.getByRole("button", { name: `Disable ${user.email}` }).click();
  await expect(row).toContainText("disabled");
  await expect(page.getByTestId("toast").filter({ hasText: user.email })).toContainText(`${user.email} is disabled and signed out`);
  expect((await request.get("/api/v1/me", { headers: user.headers })).status()).toBe(401);
  await shot(page, "admin-users");
  await row.getByRole("button", { name: `Enable ${user.email}` }).click();
  await expect(row).not.toContainText("disabled");
  expect((await request.get("/api/v1/me", { headers: user.headers })).status()).toBe(200);
});

test("invitations: the owner invites and cancels in project settings; the invitee accepts on Projects", async ({ page, request }) => {
  const owner = await newUser(request);
  const invitee = await newUser(request);
  const projectId = await newProject(request, owner, "Shared rack");

  await signInInBrowser(page, owner.email);
  await page.goto(`/projects/${projectId}/settings`);
  for (const [email, role] of [
    [invitee.email, "viewer"],
    ["no-account-yet@example.test", "editor"],
  ] as const) {
    await page.getByLabel("Email to invite").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByTestId("pending-invitations")).toContainText(email);
  }
  await expect(page.getByTestId("members")).not.toContainText(invitee.email);
  await shot(page, "project-members");
  await page.getByRole("button", { name: "Cancel the invitation of no-account-yet@example.test" }).click();
  await expect(page.getByTestId("pending-invitations")).not.toContainText("no-account-yet@example.test");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signInInBrowser(page, invitee.email);
  const invitations = page.getByTestId("invitations");
  await expect(invitations).toContainText("Shared rack — as viewer");
  await shot(page, "projects-invitation");
  await invitations.getByRole("button", { name: "Accept the invitation to Shared rack" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/board`));
  await page.goto("/");
  await expect(page.getByTestId("project-list")).toContainText("Shared rack");
  await expect(page.getByTestId("invitations")).toHaveCount(0);
  const { token } = await tokenFor(request, owner.email, ["read"]);
  const { members } = await ok(
    await request.get(`/api/v1/projects/${projectId}/members`, { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(members.find((m: { email: string }) => m.email === invitee.email)).toMatchObject({ role: "viewer" });
});
