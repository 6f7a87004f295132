import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok } from "../support/api";

const node = (ref: string, title: string, extra: Record<string, unknown> = {}) => ({
  ref,
  title,
  status: "pending",
  priority: "medium",
  complexity: null,
  parent: null,
  ready: false,
  blocked: false,
  ...extra,
});

test("graph: exact nodes, edges, ready tasks and critical path of a crafted project", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  // 1 done · 2 ← 1 (C3) · 3 ← 2 (C5) · 4 ← 3 · 5 cancelled · 6 ← 5 · 7 ← 4, 2 (C2) · 8 deferred · 9 · 10 ← 9 (C8) · 2.1 · 2.2 ← 2.1
  for (const t of [
    { title: "Foundation", status: "done" },
    { title: "Schema", dependencies: ["1"], complexity: 3 },
    { title: "API", dependencies: ["2"], complexity: 5 },
    { title: "UI", dependencies: ["3"] },
    { title: "Legacy importer", status: "cancelled" },
    { title: "Docs", dependencies: ["5"] },
    { title: "Deploy", dependencies: ["4", "2"], priority: "high", complexity: 2 },
    { title: "Parked idea", status: "deferred" },
    { title: "Auth" },
    { title: "Login", dependencies: ["9"], complexity: 8 },
    { title: "Tables", parent: "2" },
    { title: "Indexes", parent: "2", dependencies: ["2.1"] },
  ]) {
    await addTask(request, user, projectId, t);
  }

  const g = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }));
  expect(g.nodes).toEqual([
    node("1", "Foundation", { status: "done" }),
    node("2", "Schema", { complexity: 3, ready: true }),
    node("2.1", "Tables", { parent: "2", ready: true }),
    node("2.2", "Indexes", { parent: "2", blocked: true }),
    node("3", "API", { complexity: 5, blocked: true }),
    node("4", "UI", { blocked: true }),
    node("5", "Legacy importer", { status: "cancelled" }),
    node("6", "Docs", { ready: true }),
    node("7", "Deploy", { priority: "high", complexity: 2, blocked: true }),
    node("8", "Parked idea", { status: "deferred" }),
    node("9", "Auth", { ready: true }),
    node("10", "Login", { complexity: 8, blocked: true }),
  ]);
  expect(g.edges).toEqual([
    { source: "1", target: "2" },
    { source: "2", target: "3" },
    { source: "2", target: "7" },
    { source: "2.1", target: "2.2" },
    { source: "3", target: "4" },
    { source: "4", target: "7" },
    { source: "5", target: "6" },
    { source: "9", target: "10" },
  ]);
  expect(g.ready).toEqual(["2", "2.1", "6", "9"]);
  // 2 → 3 → 4 → 7 weighs 3 + 5 + 1 + 2 = 11; 9 → 10 only 1 + 8 = 9.
  expect(g.criticalPath).toEqual(["2", "3", "4", "7"]);
  expect(g.criticalWeight).toBe(11);

  const hidden = await ok(await request.get(`/api/v1/projects/${projectId}/graph?hideDone=1`, { headers: user.headers }));
  expect(hidden.nodes.map((n: { ref: string }) => n.ref)).toEqual(["2", "2.1", "2.2", "3", "4", "6", "7", "8", "9", "10"]);
  expect(hidden.edges).toHaveLength(6);
  expect(hidden.criticalPath).toEqual(g.criticalPath);

  // A heavier score moves the path; a new edge joins the chains.
  await ok(await request.patch(`/api/v1/projects/${projectId}/tasks/9`, { headers: user.headers, data: { complexity: 4 } }));
  expect((await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }))).criticalPath).toEqual(["9", "10"]);
  await ok(
    await request.post(`/api/v1/projects/${projectId}/tasks/9/dependencies`, { headers: user.headers, data: { dependsOn: "7" } }),
    201,
  );
  const joined = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: user.headers }));
  expect(joined.criticalPath).toEqual(["2", "3", "4", "7", "9", "10"]);
  expect(joined.criticalWeight).toBe(23);
  expect(joined.ready).toEqual(["2", "2.1", "6"]);
});

test("graph: empty project, bad query, viewers read, strangers do not", async ({ request }) => {
  const owner = await newUser(request);
  const projectId = await newProject(request, owner);
  const empty = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: owner.headers }));
  expect({ ...empty, revision: 0 }).toEqual({
    revision: 0,
    role: "owner",
    nodes: [],
    edges: [],
    ready: [],
    criticalPath: [],
    criticalWeight: 0,
  });

  const bad = await request.get(`/api/v1/projects/${projectId}/graph?hideDone=maybe`, { headers: owner.headers });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.code).toBe("invalid");

  await addTask(request, owner, projectId, { title: "Only task" });
  const viewer = await newUser(request);
  await addMember(request, owner, projectId, viewer, "viewer");
  const seen = await ok(await request.get(`/api/v1/projects/${projectId}/graph`, { headers: viewer.headers }));
  expect(seen.criticalPath).toEqual(["1"]);
  expect(seen.role).toBe("viewer");
  const stranger = await newUser(request);
  expect((await request.get(`/api/v1/projects/${projectId}/graph`, { headers: stranger.headers })).status()).toBe(404);
  expect((await request.get(`/api/v1/projects/${projectId}/graph`)).status()).toBe(401);

  const doc = await ok(await request.get("/api/v1/openapi.json"));
  expect(doc.paths["/projects/{projectId}/graph"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["projectId", "hideDone"]);
});
