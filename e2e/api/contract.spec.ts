import { test } from "../support/contract";
import { expect, ok } from "../support/api";

test("the contract is public, names every operation, and reads as a page that lists them all", async ({ request }) => {
  const doc = await ok(await request.get("/api/v1/openapi.json"));
  const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((methods) =>
    Object.values(methods).map((o) => o.operationId),
  );
  expect(ids.length).toBeGreaterThan(50);
  expect(new Set(ids).size).toBe(ids.length);
  expect(Object.keys(doc.paths["/projects/{projectId}/ai/parse-prd/accept"].post.responses)).toContain("201");
  expect(doc.paths["/tokens"].post.security).toEqual([{}, { session: [] }]);

  const page = await request.get("/api/v1/reference");
  expect(page.status()).toBe(200);
  expect(page.headers()["content-type"]).toContain("text/html");
  const html = await page.text();
  for (const id of ids) expect(html).toContain(`id="${id}"`);
  // Self-contained: nothing is loaded from elsewhere, and it needs no script.
  expect(html).not.toMatch(/<script|<link|src="http|href="http/);
});
