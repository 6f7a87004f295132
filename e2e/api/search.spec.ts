// ⌘K's search and "My tasks" through the API: across every project the caller can see, never
// another person's, a project-bound token held to its project; and unknown API paths answer the
// JSON error rather than an HTML page.
import type { APIRequestContext } from "@playwright/test";
import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok, PASSWORD, unique } from "../support/api";

type Hit = {
  projectId: string;
  projectName: string;
  ref: string;
  parent: string | null;
  title: string;
  status: string;
  assignee: string | null;
};

const search = async (request: APIRequestContext, headers: Record<string, string>, q: string, limit?: number) => {
  const qs = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
  return (await ok<{ tasks: Hit[] }>(await request.get(`/api/v1/search?${qs}`, { headers }))).tasks;
};

test("search finds tasks by ref, title words and project name across the caller's projects, and nobody else's", async ({ request }) => {
  const alice = await newUser(request);
  const bob = await newUser(request);
  const tag = unique("srch").replace(/\W/g, "");
  const shed = await newProject(request, alice, `Garden shed ${tag}`);
  const lab = await newProject(request, alice, `Homelab ${tag}`);
  const secret = await newProject(request, bob, `Bob's secret ${tag}`);
  await addTask(request, alice, shed, { title: `Buy seeds ${tag}` });
  await addTask(request, alice, shed, { title: `Install Ollama on the NAS ${tag}` });
  await addTask(request, alice, shed, { title: `Paint the door ${tag}` });
  await addTask(request, alice, shed, { title: `Sand it first ${tag}`, parent: "3" });
  await addTask(request, alice, lab, { title: `Install Proxmox ${tag}` });
  await addTask(request, alice, lab, { title: `Rack the server ${tag}` });
  await addTask(request, bob, secret, { title: `Install the secret thing ${tag}` });

  // Title words, in any letter case, from both of Alice's projects; Bob's task never.
  const installs = await search(request, alice.headers, `INSTALL ${tag}`);
  expect(installs.map((h) => h.title).sort()).toEqual([`Install Ollama on the NAS ${tag}`, `Install Proxmox ${tag}`]);
  expect(installs.find((h) => h.projectId === lab)).toMatchObject({ ref: "1", projectName: `Homelab ${tag}`, status: "pending" });
  expect(JSON.stringify(installs)).not.toContain("secret");

  // A word of the project's name narrows to that project.
  const inLab = await search(request, alice.headers, `homelab install ${tag}`);
  expect(inLab.map((h) => h.title)).toEqual([`Install Proxmox ${tag}`]);

  // A ref ("2" or "#2") puts each project's task #2 first.
  for (const q of ["2", "#2"]) {
    const byRef = await search(request, alice.headers, q, 50);
    const first = byRef.slice(0, 2);
    expect(first.map((h) => h.ref)).toEqual(["2", "2"]);
    expect(first.map((h) => h.title).sort()).toEqual([`Install Ollama on the NAS ${tag}`, `Rack the server ${tag}`]);
    expect(byRef.every((h) => h.projectId !== secret)).toBe(true);
  }

  // Subtasks are found too, with their parent.
  expect(await search(request, alice.headers, `sand ${tag}`)).toMatchObject([{ ref: "3.1", parent: "3", projectId: shed }]);
  expect((await search(request, alice.headers, "3.1", 50)).find((h) => h.projectId === shed)).toMatchObject({ ref: "3.1" });

  // Bob sees his own task and none of Alice's.
  const bobs = await search(request, bob.headers, `install ${tag}`);
  expect(bobs.map((h) => h.title)).toEqual([`Install the secret thing ${tag}`]);

  // Nothing matches: an empty list, not an error.
  expect(await search(request, alice.headers, `no-such-words ${tag}`)).toEqual([]);
});

test("search: limit, an empty query, scopes and a project-bound token", async ({ request }) => {
  const user = await newUser(request);
  const tag = unique("lim").replace(/\W/g, "");
  const a = await newProject(request, user, `Alpha ${tag}`);
  const b = await newProject(request, user, `Beta ${tag}`);
  for (let i = 1; i <= 4; i++) await addTask(request, user, a, { title: `Alpha task ${i} ${tag}` });
  await addTask(request, user, b, { title: `Beta task ${tag}` });

  expect(await search(request, user.headers, tag, 3)).toHaveLength(3);
  expect(await search(request, user.headers, tag)).toHaveLength(5);
  // An empty query answers the recently changed tasks, newest first.
  const recent = await search(request, user.headers, "", 2);
  expect(recent.map((h) => h.title)).toEqual([`Beta task ${tag}`, `Alpha task 4 ${tag}`]);

  for (const bad of ["0", "51", "many"]) {
    const res = await request.get(`/api/v1/search?q=x&limit=${bad}`, { headers: user.headers });
    expect(res.status(), `limit=${bad}`).toBe(422);
    expect((await res.json()).error.code).toBe("invalid");
  }
  const unknown = await request.get(`/api/v1/search?q=x&colour=red`, { headers: user.headers });
  expect(unknown.status()).toBe(422);
  expect((await request.get(`/api/v1/search?q=x`)).status()).toBe(401);

  // A read-only token may search; one bound to Alpha sees Alpha alone.
  const { token: readToken } = await ok(
    await request.post("/api/v1/tokens", { data: { email: user.email, password: PASSWORD, name: "r", scopes: ["read"] } }),
    201,
  );
  expect(await search(request, { authorization: `Bearer ${readToken}` }, tag)).toHaveLength(5);
  const { token: bound } = await ok(
    await request.post("/api/v1/tokens", { data: { email: user.email, password: PASSWORD, name: "b", scopes: ["read"], projectId: a } }),
    201,
  );
  const boundHits = await search(request, { authorization: `Bearer ${bound}` }, tag);
  expect(boundHits).toHaveLength(4);
  expect(boundHits.every((h) => h.projectId === a)).toBe(true);
  const boundMine = await ok<{ tasks: Hit[] }>(
    await request.get("/api/v1/me/tasks?include=all", { headers: { authorization: `Bearer ${bound}` } }),
  );
  expect(boundMine.tasks.every((h) => h.projectId === a)).toBe(true);
});

test("a member sees the tasks of a project they joined; My tasks lists what is assigned to them", async ({ request }) => {
  const owner = await newUser(request);
  const me = await newUser(request);
  const tag = unique("mine").replace(/\W/g, "");
  const shared = await newProject(request, owner, `Shared ${tag}`);
  const mine = await newProject(request, me, `Mine ${tag}`);
  // Before joining: nothing of the shared project.
  expect(await search(request, me.headers, `shared ${tag}`)).toEqual([]);
  await addMember(request, owner, shared, me, "viewer");

  await addTask(request, owner, shared, { title: `By email ${tag}`, assignee: me.email.toUpperCase(), priority: "low" });
  await addTask(request, owner, shared, { title: `Someone else's ${tag}`, assignee: owner.email });
  await addTask(request, me, mine, {
    title: `By name ${tag}`,
    assignee: me.name,
    priority: "critical",
    dueDate: "2030-01-02T00:00:00.000Z",
  });
  await addTask(request, me, mine, { title: `Finished ${tag}`, assignee: me.name, status: "done" });
  await addTask(request, me, mine, { title: `Nobody's ${tag}` });

  expect((await search(request, me.headers, `shared ${tag}`)).map((h) => h.title).sort()).toEqual([
    `By email ${tag}`,
    `Someone else's ${tag}`,
  ]);

  const open = await ok<{ tasks: Hit[] }>(await request.get("/api/v1/me/tasks", { headers: me.headers }));
  // The dated task first, then the undated one.
  expect(open.tasks.map((t) => t.title)).toEqual([`By name ${tag}`, `By email ${tag}`]);
  expect(open.tasks[1]).toMatchObject({ projectId: shared, projectName: `Shared ${tag}`, ref: "1", priority: "low" });
  const all = await ok<{ tasks: Hit[] }>(await request.get("/api/v1/me/tasks?include=all", { headers: me.headers }));
  expect(all.tasks.map((t) => t.title).sort()).toEqual([`By email ${tag}`, `By name ${tag}`, `Finished ${tag}`]);
  // The owner's own list holds only the task assigned to the owner.
  const owners = await ok<{ tasks: Hit[] }>(await request.get("/api/v1/me/tasks", { headers: owner.headers }));
  expect(owners.tasks.map((t) => t.title)).toEqual([`Someone else's ${tag}`]);
  expect((await request.get("/api/v1/me/tasks?include=some", { headers: me.headers })).status()).toBe(422);
});

test("unknown API paths answer the JSON 404 for every method", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (const path of ["/api/v1/no-such-route", "/api/v1/projects/" + projectId + "/no-such-thing", "/api/v1/a/b/c", "/api/nothing-here"]) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const res = await request.fetch(path, {
        method,
        headers: user.headers,
        ...(method === "GET" || method === "DELETE" ? {} : { data: { any: "thing" } }),
      });
      expect(res.status(), `${method} ${path}`).toBe(404);
      expect(res.headers()["content-type"], `${method} ${path}`).toContain("application/json");
      const body = await res.json();
      expect(body.error, `${method} ${path}`).toMatchObject({ code: "not_found", details: null });
      expect(body.error.message).toContain(path);
    }
  }
  // Known routes are untouched.
  expect((await request.get(`/api/v1/projects/${projectId}`, { headers: user.headers })).status()).toBe(200);
  expect((await request.get("/api/health")).status()).toBe(200);
});
