import { expect, test, type Page } from "@playwright/test";
import { signInInBrowser } from "../support/pages";

// Changes the AI settings for a moment (an external endpoint serving the complex role) and puts
// them back; the roles other specs use (main, fast) keep their models throughout.
const ADMIN = "admin@cairn.test";

async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    },
    { method, path, body },
  );
}

test("a role served by an external endpoint shows its marker; local roles do not", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInInBrowser(page, ADMIN);
  await page.goto("/settings/ai");
  const before = (await api(page, "GET", "/api/v1/ai/settings")).json.settings as {
    endpoints: { id: string; kind: string; name: string; url: string }[];
    roles: Record<string, unknown[]>;
  };
  const patched = await api(page, "PATCH", "/api/v1/ai/settings", {
    endpoints: [
      ...before.endpoints.filter((e) => e.id !== "cloud"),
      { id: "cloud", kind: "openai", name: "Cloud", url: "https://llm.example.com/v1" },
    ],
    roles: { complex: [{ endpointId: "cloud", model: "big-planner" }] },
  });
  try {
    expect(patched.status).toBe(200);
    expect(patched.json.settings.external).toMatchObject({ main: false, fast: false, complex: true });
    await page.reload();
    const complex = page.getByTestId("ai-role-complex");
    await expect(complex).toContainText("Complex model");
    await expect(complex.getByTestId("external-marker")).toBeVisible();
    await expect(page.getByTestId("ai-role-main").getByTestId("external-marker")).toHaveCount(0);
    await complex.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/models-roles-1440.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await complex.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/models-roles-390.png", fullPage: true });
  } finally {
    const restored = await api(page, "PATCH", "/api/v1/ai/settings", {
      endpoints: before.endpoints.filter((e) => e.id !== "cloud"),
      roles: { complex: [] },
    });
    expect(restored.status).toBe(200);
  }
});
