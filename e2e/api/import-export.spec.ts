import path from "node:path";
import fs from "node:fs";
import { test } from "../support/contract";
import { expect, newUser, ok, type TestUser } from "../support/api";
import type { APIRequestContext } from "@playwright/test";

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "lib", "tasks", "taskmaster", "fixtures", name), "utf8"));

/** Every task of a project with the fields an export carries, keyed by ref. */
async function plan(request: APIRequestContext, user: TestUser, projectId: string) {
  const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks?limit=500`, { headers: user.headers }));
  return tasks.map((t: Record<string, unknown>) => {
    const {
      id,
      projectId: _p,
      rank,
      version,
      createdAt,
      updatedAt,
      completedAt,
      source,
      prerequisites,
      blockedBy,
      subtasks,
      dependents,
      ...rest
    } = t;
    return rest;
  });
}

test("import → export → import gives the same tasks, fields and dependency edges", async ({ request }) => {
  const user = await newUser(request);
  const first = await ok(
    await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: fixture("clean-tagged.json") }),
    201,
  );
  expect(first.projects.length).toBe(2);
  for (const p of first.projects) {
    expect(p.warnings).toEqual([]);
    const exported = await request.get(`/api/v1/projects/${p.id}/export/taskmaster`, { headers: user.headers });
    expect(exported.headers()["content-disposition"]).toContain(".json");
    const file = await exported.json();
    const again = await ok(await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: file }), 201);
    expect(again.projects).toHaveLength(1);
    const [a, b] = [await plan(request, user, p.id), await plan(request, user, again.projects[0].id)];
    expect(b).toEqual(a);
    expect(a.length).toBe(p.tasks + p.subtasks);
    expect(again.projects[0]).toMatchObject({ tasks: p.tasks, subtasks: p.subtasks, dependencies: p.dependencies, warnings: [] });
  }
});

test("a messy real-world file imports with every oddity reported, and a bad file writes nothing", async ({ request }) => {
  const user = await newUser(request);
  const res = await ok(await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: fixture("messy.json") }), 201);
  const warnings = res.projects.flatMap((p: { warnings: string[] }) => p.warnings);
  expect(warnings.length).toBeGreaterThan(5);
  const before = (await ok(await request.get("/api/v1/projects", { headers: user.headers }))).projects.length;
  for (const bad of [[], { tasks: "nope" }, { master: { metadata: {} } }, "just text"]) {
    const r = await request.post("/api/v1/import/taskmaster", {
      headers: { ...user.headers, "content-type": "application/json" },
      data: Buffer.from(JSON.stringify(bad)),
    });
    expect(r.status(), JSON.stringify(bad)).toBe(422);
    expect((await r.json()).error.message.length).toBeGreaterThan(10);
  }
  expect((await ok(await request.get("/api/v1/projects", { headers: user.headers }))).projects.length).toBe(before);
});

test("subtasks nested 50,000 deep are refused with the limit named, and nothing is written", async ({ request }) => {
  const user = await newUser(request);
  const depth = 50_000;
  // Built as text: JSON.stringify itself cannot serialise a value this deep.
  const body = `{"tasks":[{"id":1,"title":"Root"${',"subtasks":[{"id":1,"title":"Deeper"'.repeat(depth)}${"}]".repeat(depth)}}]}`;
  const r = await request.post("/api/v1/import/taskmaster", {
    headers: { ...user.headers, "content-type": "application/json" },
    data: body,
  });
  expect(r.status()).toBe(422);
  const { error } = await r.json();
  // The body's nesting is capped where it is read, before the importer sees it; the importer's own
  // cap (100 levels of subtasks) holds for any caller of the service.
  expect(error).toEqual({
    code: "invalid",
    message: "JSON is nested too deeply (limit 64 levels)",
    details: { limit: "maxDepth", value: 64 },
  });
  expect((await ok(await request.get("/api/v1/projects", { headers: user.headers }))).projects).toEqual([]);
  // The server is still well: a plain file imports right after.
  const fine = await ok(
    await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: { tasks: [{ id: 1, title: "Root" }] } }),
    201,
  );
  expect(fine.projects).toHaveLength(1);
});
