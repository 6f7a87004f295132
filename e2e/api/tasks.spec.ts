import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, ok, scratchDb } from "../support/api";

test("health reports the database and version", async ({ request }) => {
  const health = await ok(await request.get("/api/health"));
  expect(health).toMatchObject({ status: "ok", database: { status: "ok" } });
  expect(health.database.migrations).toBeGreaterThanOrEqual(1);
  expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
});

test("projects: create, list, rename, members, delete", async ({ request }) => {
  const owner = await newUser(request);
  const other = await newUser(request);
  const { project } = await ok(
    await request.post("/api/v1/projects", { headers: owner.headers, data: { name: "  Garage NAS  ", description: "ZFS" } }),
    201,
  );
  expect(project).toMatchObject({ name: "Garage NAS", slug: "garage-nas", role: "owner", taskCount: 0 });
  const renamed = await ok(
    await request.patch(`/api/v1/projects/${project.id}`, { headers: owner.headers, data: { name: "Garage NAS v2" } }),
  );
  expect(renamed.project.name).toBe("Garage NAS v2");
  // Adding by email invites; the membership (with the invited role) comes with the acceptance.
  const { invitation } = await ok(
    await request.post(`/api/v1/projects/${project.id}/members`, {
      headers: owner.headers,
      data: { email: other.email.toUpperCase(), role: "editor" },
    }),
    201,
  );
  expect(invitation.role).toBe("editor");
  const { project: joined } = await ok(await request.post(`/api/v1/invitations/${invitation.id}/accept`, { headers: other.headers }));
  expect(joined.role).toBe("editor");
  expect(
    (
      await request.post(`/api/v1/projects/${project.id}/members`, { headers: owner.headers, data: { email: other.email, role: "viewer" } })
    ).status(),
  ).toBe(409);
  // An address without an account gets the same answer as one with (no account enumeration).
  expect(
    (
      await request.post(`/api/v1/projects/${project.id}/members`, {
        headers: owner.headers,
        data: { email: "nobody@example.test", role: "viewer" },
      })
    ).status(),
  ).toBe(201);
  const { projects } = await ok(await request.get("/api/v1/projects", { headers: other.headers }));
  expect(projects.find((p: { id: string }) => p.id === project.id)?.role).toBe("editor");
  const { members } = await ok(await request.get(`/api/v1/projects/${project.id}/members`, { headers: owner.headers }));
  const ownerId = members.find((m: { email: string }) => m.email === owner.email).userId;
  // The last owner cannot be removed or demoted.
  expect((await request.delete(`/api/v1/projects/${project.id}/members/${ownerId}`, { headers: owner.headers })).status()).toBe(409);
  await addTask(request, owner, project.id, { title: "Scrub pool" });
  const del = await ok(await request.delete(`/api/v1/projects/${project.id}`, { headers: owner.headers }));
  expect(del).toEqual({ deleted: true, tasks: 1 });
  expect((await request.get(`/api/v1/projects/${project.id}`, { headers: owner.headers })).status()).toBe(404);
});

test("tasks: full fields, subtasks, dependencies, blocked, next, parent status", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const t1 = await addTask(request, user, projectId, {
    title: "Design schema",
    description: "Tables for users",
    details: "## Notes\n- use WAL",
    testStrategy: "migrate up and down",
    priority: "high",
    complexity: 6,
    recommendedSubtasks: 3,
    assignee: "ada",
    dueDate: "2026-12-24",
    labels: ["db", "backend"],
  });
  expect(t1).toMatchObject({
    ref: "1",
    status: "pending",
    priority: "high",
    complexity: 6,
    assignee: "ada",
    labels: ["db", "backend"],
    dueDate: "2026-12-24T00:00:00.000Z",
    dependencies: [],
    blocked: false,
    version: 1,
    source: "manual",
  });
  const t2 = await addTask(request, user, projectId, { title: "API", dependencies: ["1"] });
  expect(t2).toMatchObject({ ref: "2", dependencies: ["1"], blocked: true, blockedBy: [{ ref: "1", status: "pending" }] });
  const s1 = await addTask(request, user, projectId, { title: "Users table", parent: "1" });
  const s2 = await addTask(request, user, projectId, { title: "Sessions table", parent: "1", dependencies: ["1.1"] });
  expect([s1.ref, s1.parent, s2.ref, s2.dependencies]).toEqual(["1.1", "1", "1.2", ["1.1"]]);

  let next = await ok(await request.get(`/api/v1/projects/${projectId}/next`, { headers: user.headers }));
  expect(next.task.ref).toBe("1.1");
  expect(next.reason).toContain("#1.1 is ready");

  const started = await ok(
    await request.patch(`/api/v1/projects/${projectId}/tasks/1.1`, { headers: user.headers, data: { status: "in-progress" } }),
  );
  expect(started.task.status).toBe("in-progress");
  const parent = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers }));
  expect(parent.task.status).toBe("in-progress");
  expect(parent.task.subtasks).toEqual([
    { ref: "1.1", title: "Users table", status: "in-progress" },
    { ref: "1.2", title: "Sessions table", status: "pending" },
  ]);
  for (const ref of ["1.1", "1.2"])
    await ok(await request.patch(`/api/v1/projects/${projectId}/tasks/${ref}`, { headers: user.headers, data: { status: "done" } }));
  const done = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers }));
  expect(done.task.status).toBe("done");
  expect(done.task.completedAt).toBeTruthy();
  next = await ok(await request.get(`/api/v1/projects/${projectId}/next`, { headers: user.headers }));
  expect(next.task.ref).toBe("2");
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers }))).task.blocked).toBe(false);
  await ok(await request.patch(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers, data: { status: "done" } }));
  next = await ok(await request.get(`/api/v1/projects/${projectId}/next`, { headers: user.headers }));
  expect(next).toEqual({ task: null, reason: "Every task is done, cancelled or deferred." });
});

test("dependencies: add, cycle named and refused, remove, validate and fix", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const title of ["A", "B", "C"]) await addTask(request, user, projectId, { title });
  const base = `/api/v1/projects/${projectId}/tasks`;
  await ok(await request.post(`${base}/2/dependencies`, { headers: user.headers, data: { dependsOn: "1" } }), 201);
  await ok(await request.post(`${base}/3/dependencies`, { headers: user.headers, data: { dependsOn: "#2" } }), 201);
  const cyc = await request.post(`${base}/1/dependencies`, { headers: user.headers, data: { dependsOn: "3" } });
  expect(cyc.status()).toBe(422);
  expect(await cyc.json()).toEqual({
    error: { code: "invalid", message: "That would create a cycle: #1 → #3 → #2 → #1", details: { cycle: ["1", "3", "2", "1"] } },
  });
  const removed = await ok(await request.delete(`${base}/3/dependencies/2`, { headers: user.headers }));
  expect(removed.task.dependencies).toEqual([]);
  expect((await request.delete(`${base}/3/dependencies/2`, { headers: user.headers })).status()).toBe(404);

  const valid = await ok(await request.get(`/api/v1/projects/${projectId}/dependencies/validate`, { headers: user.headers }));
  expect(valid).toEqual({ valid: true, issues: [], counts: { self: 0, missing: 0, cycle: 0 } });
  // Corrupt the graph behind the API's back, as a hand-edited database would.
  const db = scratchDb();
  const id = (n: number) =>
    (db.prepare('SELECT "id" FROM "Task" WHERE "projectId" = ? AND "number" = ? AND "subNumber" = 0').get(projectId, n) as { id: string })
      .id;
  db.prepare('INSERT INTO "TaskDependency" ("projectId", "taskId", "dependsOnId", "createdAt") VALUES (?, ?, ?, ?)').run(
    projectId,
    id(3),
    id(3),
    new Date().toISOString().replace("Z", "+00:00"),
  );
  db.prepare('INSERT INTO "TaskDependency" ("projectId", "taskId", "dependsOnId", "createdAt") VALUES (?, ?, ?, ?)').run(
    projectId,
    id(1),
    id(2),
    new Date().toISOString().replace("Z", "+00:00"),
  );
  db.prepare('UPDATE "Project" SET "revision" = "revision" + 1 WHERE "id" = ?').run(projectId);
  db.close();
  const broken = await ok(await request.get(`/api/v1/projects/${projectId}/dependencies/validate`, { headers: user.headers }));
  expect(broken.valid).toBe(false);
  expect(broken.counts).toEqual({ self: 1, missing: 0, cycle: 1 });
  const fixed = await ok(await request.post(`/api/v1/projects/${projectId}/dependencies/fix`, { headers: user.headers }));
  expect(fixed.removed.map((r: { taskRef: string; dependsOnRef: string }) => `${r.taskRef}->${r.dependsOnRef}`)).toEqual(["2->1", "3->3"]);
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/dependencies/validate`, { headers: user.headers }))).valid).toBe(true);
});

test("optimistic locking: a stale version gets 409 with the current task", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const t = await addTask(request, user, projectId, { title: "Original" });
  const url = `/api/v1/projects/${projectId}/tasks/1`;
  const a = await ok(await request.patch(url, { headers: user.headers, data: { title: "Tab A", version: t.version } }));
  const b = await request.patch(url, { headers: user.headers, data: { title: "Tab B", version: t.version } });
  expect(b.status()).toBe(409);
  const body = await b.json();
  expect(body.error.code).toBe("conflict");
  expect(body.error.details.current).toMatchObject({ ref: "1", title: "Tab A", version: a.task.version });
  expect((await ok(await request.get(url, { headers: user.headers }))).task.title).toBe("Tab A");
});

test("list: filters, text search and cursor pagination", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (let i = 1; i <= 7; i++) {
    await addTask(request, user, projectId, {
      title: `Task number ${i}`,
      priority: i % 2 ? "high" : "low",
      ...(i > 5 ? { dependencies: ["1"] } : {}),
    });
  }
  await addTask(request, user, projectId, { title: "Subtask", parent: "2" });
  const url = `/api/v1/projects/${projectId}/tasks`;
  const page1 = await ok(await request.get(`${url}?limit=3`, { headers: user.headers }));
  expect(page1.tasks.map((t: { ref: string }) => t.ref)).toEqual(["1", "2", "2.1"]);
  expect(page1.total).toBe(8);
  const page2 = await ok(await request.get(`${url}?limit=3&cursor=${page1.nextCursor}`, { headers: user.headers }));
  expect(page2.tasks.map((t: { ref: string }) => t.ref)).toEqual(["3", "4", "5"]);
  const page3 = await ok(await request.get(`${url}?limit=3&cursor=${page2.nextCursor}`, { headers: user.headers }));
  expect(page3.tasks.map((t: { ref: string }) => t.ref)).toEqual(["6", "7"]);
  expect(page3.nextCursor).toBeNull();
  const refs = async (q: string) =>
    (await ok(await request.get(`${url}?${q}`, { headers: user.headers }))).tasks.map((t: { ref: string }) => t.ref);
  expect(await refs("priority=low")).toEqual(["2", "4", "6"]);
  expect(await refs("blocked=true")).toEqual(["6", "7"]);
  expect(await refs("ready=true&priority=high")).toEqual(["1", "3", "5"]);
  expect(await refs("text=NUMBER%207")).toEqual(["7"]);
  expect(await refs("parent=none&status=pending&limit=2")).toEqual(["1", "2"]);
  expect(await refs("parent=2")).toEqual(["2.1"]);
});

test("delete says which tasks lost a prerequisite; notes and history are kept", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Base" });
  await addTask(request, user, projectId, { title: "Needs base", dependencies: ["1"] });
  const url = `/api/v1/projects/${projectId}/tasks`;
  const { note } = await ok(await request.post(`${url}/2/notes`, { headers: user.headers, data: { body: "Waiting on hardware" } }), 201);
  expect(note.body).toBe("Waiting on hardware");
  const gone = await ok(await request.delete(`${url}/1`, { headers: user.headers }));
  expect(gone).toEqual({ deleted: ["1"], lostPrerequisite: [{ ref: "2", title: "Needs base", status: "pending" }] });
  const { events } = await ok(await request.get(`${url}/2/history`, { headers: user.headers }));
  expect(events.map((e: { kind: string }) => e.kind)).toEqual(["dependency_removed", "note_added", "dependency_added", "created"]);
  expect((await ok(await request.get(`${url}/2/notes`, { headers: user.headers }))).notes).toHaveLength(1);
  expect((await request.get(`${url}/1`, { headers: user.headers })).status()).toBe(404);
});

test("board move writes rank and status", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const title of ["A", "B", "C"]) await addTask(request, user, projectId, { title });
  const url = `/api/v1/projects/${projectId}/tasks`;
  await ok(await request.post(`${url}/3/move`, { headers: user.headers, data: { status: "pending", afterRef: null } }));
  const { tasks } = await ok(await request.get(`${url}?status=pending`, { headers: user.headers }));
  const order = [...tasks]
    .sort((a: { rank: string }, b: { rank: string }) => (a.rank < b.rank ? -1 : 1))
    .map((t: { title: string }) => t.title);
  expect(order).toEqual(["C", "A", "B"]);
  const moved = await ok(await request.post(`${url}/1/move`, { headers: user.headers, data: { status: "review" } }));
  expect(moved.task.status).toBe("review");
});

test("the OpenAPI document describes the API from the shared schemas", async ({ request }) => {
  const doc = await ok(await request.get("/api/v1/openapi.json"));
  expect(doc.openapi).toBe("3.0.3");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/projects", "/projects/{projectId}/tasks/{ref}", "/projects/{projectId}/next", "/import/taskmaster"]),
  );
  const create = doc.paths["/projects/{projectId}/tasks"].post.requestBody.content["application/json"].schema;
  expect(create.required).toContain("title");
  expect(create.properties.status.enum).toEqual(["pending", "in-progress", "review", "done", "deferred", "cancelled"]);
  expect(create.properties.title.maxLength).toBe(300);
});
