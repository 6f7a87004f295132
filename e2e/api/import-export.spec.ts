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

const e2eFixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8"));
const projectsOf = async (request: APIRequestContext, user: TestUser) =>
  (await ok(await request.get("/api/v1/projects", { headers: user.headers }))).projects as {
    id: string;
    name: string;
    taskCount: number;
  }[];

test("a preview says what an import would do and writes nothing", async ({ request }) => {
  const user = await newUser(request);
  const preview = await ok(
    await request.post("/api/v1/import/taskmaster/preview", { headers: user.headers, data: e2eFixture("tasks-tagged.json") }),
  );
  expect(preview.mode).toBe("create");
  expect(
    preview.projects.map((p: Record<string, unknown>) => [p.tag, p.tasks, p.subtasks, p.dependencies, p.id, p.match, p.action]),
  ).toEqual([
    ["master", 3, 2, 4, null, null, "create"],
    ["feature-auth", 2, 0, 1, null, null, "create"],
  ]);
  // The file's oddities are in the preview: an unknown status and priority spelling.
  expect(preview.projects[0].warnings).toEqual(
    expect.arrayContaining(['#2: status "todo" mapped to pending', '#2: priority "HIGH" mapped to high']),
  );
  expect(await projectsOf(request, user)).toEqual([]);
});

test("update mode changes the projects imported from the same tags: new, changed and (only when asked) removed tasks", async ({
  request,
}) => {
  const user = await newUser(request);
  const file = e2eFixture("tasks-tagged.json");
  const first = await ok(await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: file }), 201);
  const master = first.projects.find((p: { tag: string }) => p.tag === "master");
  expect(master).toMatchObject({ action: "create", match: null });

  // The same file twice in update mode changes nothing.
  const same = await ok(await request.post("/api/v1/import/taskmaster?mode=update", { headers: user.headers, data: file }), 201);
  expect(same.projects.map((p: { action: string; changes: unknown }) => [p.action, p.changes])).toEqual([
    ["update", { created: [], updated: [], notInFile: [], unchanged: 5 }],
    ["update", { created: [], updated: [], notInFile: [], unchanged: 2 }],
  ]);
  expect((await projectsOf(request, user)).length).toBe(2);

  // The file moves on: #2 renamed and done, a new task #4, and #3 is gone from it.
  const edited = structuredClone(file);
  edited.master.tasks[1].title = "Design the database schema (v2)";
  edited.master.tasks[1].status = "done";
  edited.master.tasks[2] = { id: 4, title: "Write the deploy guide", status: "pending", dependencies: [2] };
  const preview = await ok(await request.post("/api/v1/import/taskmaster/preview?mode=update", { headers: user.headers, data: edited }));
  expect(preview.projects[0]).toMatchObject({
    id: master.id,
    action: "update",
    match: { id: master.id, name: master.name },
    changes: {
      created: [{ ref: "4", title: "Write the deploy guide" }],
      updated: [{ ref: "2", title: "Design the database schema (v2)", fields: ["title", "status"] }],
      notInFile: [{ ref: "3", title: "Build the REST API" }],
      unchanged: 3,
    },
  });
  const tasksOf = async () =>
    (await ok(await request.get(`/api/v1/projects/${master.id}/tasks?limit=50`, { headers: user.headers }))).tasks.map(
      (t: { ref: string; title: string; status: string }) => `${t.ref} ${t.status} ${t.title}`,
    );
  expect(await tasksOf()).toEqual([
    "1 done Set up repository",
    "1.1 done Initialise git",
    "1.2 done Add CI workflow",
    "2 pending Design database schema",
    "3 pending Build the REST API",
  ]);

  // Without remove, #3 stays; with it, #3 goes.
  const kept = await ok(await request.post("/api/v1/import/taskmaster?mode=update", { headers: user.headers, data: edited }), 201);
  expect(kept.projects[0]).toMatchObject({ id: master.id, removed: [] });
  expect(await tasksOf()).toEqual([
    "1 done Set up repository",
    "1.1 done Initialise git",
    "1.2 done Add CI workflow",
    "2 done Design the database schema (v2)",
    "3 pending Build the REST API",
    "4 pending Write the deploy guide",
  ]);
  const { task: four } = await ok(await request.get(`/api/v1/projects/${master.id}/tasks/4`, { headers: user.headers }));
  expect(four).toMatchObject({ dependencies: ["2"], source: "import" });
  const removed = await ok(
    await request.post("/api/v1/import/taskmaster?mode=update&remove=true", { headers: user.headers, data: edited }),
    201,
  );
  expect(removed.projects[0]).toMatchObject({ id: master.id, removed: ["3"] });
  expect(await tasksOf()).not.toContain("3 pending Build the REST API");
  const projects = await projectsOf(request, user);
  expect(projects.length).toBe(2);
  expect(projects.find((p) => p.id === master.id)).toMatchObject({ taskCount: 3 });
  // And once more: nothing left to change.
  const again = await ok(await request.post("/api/v1/import/taskmaster/preview?mode=update", { headers: user.headers, data: edited }));
  expect(again.projects[0].changes).toEqual({ created: [], updated: [], notInFile: [], unchanged: 5 });
});

test("an imported master tag exports as master with acceptanceCriteria and unknown fields verbatim", async ({ request }) => {
  const user = await newUser(request);
  const file = fixture("clean-tagged.json");
  const master = structuredClone(file.master);
  master.tasks[0].acceptanceCriteria = "- `npm run lint` passes\n- `npm run build` passes";
  master.tasks[1].acceptanceCriteria = ["Sign-up works", "Sign-in works"];
  master.tasks[1].complexityReport = { score: 7, notes: ["auth", { nested: null }] };
  master.tasks[0].subtasks[0].parentTaskId = 1;
  master.tasks[0].subtasks[0].acceptanceCriteria = "The dev server starts";
  master.metadata.customSync = { lastRun: "2025-06-18", ok: true };
  const { projects } = await ok(await request.post("/api/v1/import/taskmaster", { headers: user.headers, data: { master } }), 201);
  expect(projects[0]).toMatchObject({ tag: "master", warnings: [] });
  const { task } = await ok(await request.get(`/api/v1/projects/${projects[0].id}/tasks/1`, { headers: user.headers }));
  expect(task.acceptanceCriteria).toBe("- `npm run lint` passes\n- `npm run build` passes");
  const exported = await request.get(`/api/v1/projects/${projects[0].id}/export/taskmaster`, { headers: user.headers });
  const out = await exported.json();
  expect(Object.keys(out)).toEqual(["master"]);
  expect(out.master.tasks[0].acceptanceCriteria).toBe(master.tasks[0].acceptanceCriteria);
  expect(out.master.tasks[1].acceptanceCriteria).toEqual(["Sign-up works", "Sign-in works"]);
  expect(out.master.tasks[1].complexityReport).toEqual({ score: 7, notes: ["auth", { nested: null }] });
  expect(out.master.tasks[0].subtasks[0]).toMatchObject({ parentTaskId: 1, acceptanceCriteria: "The dev server starts" });
  expect(out.master.metadata).toMatchObject({ customSync: { lastRun: "2025-06-18", ok: true }, projectName: "Team expense tracker" });
  // Every task of the file comes back with the same fields and values (Cairn may add its own).
  for (const [i, t] of master.tasks.entries()) {
    const { subtasks, ...fields } = t as Record<string, unknown>;
    expect(out.master.tasks[i], `task ${String(t.id)}`).toMatchObject(fields);
    expect(out.master.tasks[i].subtasks.length).toBe((subtasks as unknown[] | undefined)?.length ?? 0);
  }
});

test("into=<an empty project> fills that project with one tag of the file: preview first, no new project, a busy project refused", async ({
  request,
}) => {
  const user = await newUser(request);
  const { project } = await ok(await request.post("/api/v1/projects", { headers: user.headers, data: { name: "Fresh start" } }), 201);
  const file = e2eFixture("tasks-tagged.json");
  // Two tags and none named: the answer lists them.
  const unnamed = await request.post(`/api/v1/import/taskmaster/preview?into=${project.id}`, { headers: user.headers, data: file });
  expect(unnamed.status()).toBe(422);
  expect((await unnamed.json()).error.details).toEqual({ tags: ["master", "feature-auth"] });

  const preview = await ok(
    await request.post(`/api/v1/import/taskmaster/preview?into=${project.id}&tag=master`, { headers: user.headers, data: file }),
  );
  expect(preview.projects).toEqual([
    expect.objectContaining({ id: project.id, tag: "master", name: "Fresh start", action: "update", tasks: 3, subtasks: 2 }),
  ]);
  expect(preview.projects[0].changes.created).toHaveLength(5);

  const done = await ok(
    await request.post(`/api/v1/import/taskmaster?into=${project.id}&tag=master`, { headers: user.headers, data: file }),
    201,
  );
  expect(done.projects).toEqual([expect.objectContaining({ id: project.id, tag: "master", name: "Fresh start", dependencies: 4 })]);
  const { projects } = await ok(await request.get("/api/v1/projects", { headers: user.headers }));
  expect(projects).toEqual([expect.objectContaining({ id: project.id, name: "Fresh start", taskCount: 3 })]);
  const exported = await ok(await request.get(`/api/v1/projects/${project.id}/export/taskmaster`, { headers: user.headers }));
  expect(Object.keys(exported)).toEqual(["master"]);

  // Now it has tasks: a second import into it is refused and changes nothing.
  const again = await request.post(`/api/v1/import/taskmaster?into=${project.id}&tag=feature-auth`, { headers: user.headers, data: file });
  expect(again.status()).toBe(409);
  expect((await ok(await request.get(`/api/v1/projects/${project.id}`, { headers: user.headers }))).project.taskCount).toBe(3);
  // Someone else's project is not found.
  const other = await newUser(request);
  const foreign = await request.post(`/api/v1/import/taskmaster?into=${project.id}&tag=master`, { headers: other.headers, data: file });
  expect(foreign.status()).toBe(404);
});
