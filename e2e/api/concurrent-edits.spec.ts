import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, ok } from "../support/api";

// Many clients change the same task at once, without reading its version first: nothing they
// add or remove may be lost, and a client that does know the version can send it as If-Match.

test("20 parallel label additions without a version all survive", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Busy task", labels: ["base"] });
  const url = `/api/v1/projects/${projectId}/tasks/1`;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => request.patch(url, { headers: user.headers, data: { addLabels: [`x${i}`] } })),
  );
  for (const r of results) expect(r.status(), await r.text()).toBe(200);
  const { task } = await ok(await request.get(url, { headers: user.headers }));
  expect([...task.labels].sort()).toEqual(["base", ...Array.from({ length: 20 }, (_, i) => `x${i}`)].sort());
  expect(task.version).toBe(21);

  // Removals in parallel with additions: each applies to the labels as they are when it runs.
  const mixed = await Promise.all([
    ...Array.from({ length: 10 }, (_, i) => request.patch(url, { headers: user.headers, data: { removeLabels: [`x${i}`] } })),
    ...Array.from({ length: 5 }, (_, i) => request.patch(url, { headers: user.headers, data: { addLabels: [`y${i}`] } })),
  ]);
  for (const r of mixed) expect(r.status()).toBe(200);
  const after = (await ok(await request.get(url, { headers: user.headers }))).task;
  expect([...after.labels].sort()).toEqual(
    ["base", ...Array.from({ length: 10 }, (_, i) => `x${i + 10}`), ...Array.from({ length: 5 }, (_, i) => `y${i}`)].sort(),
  );
  // Adding a label the task already has, or removing one it lacks, changes nothing.
  const same = await ok(await request.patch(url, { headers: user.headers, data: { addLabels: ["base"], removeLabels: ["never-there"] } }));
  expect(same.task.version).toBe(after.version);
  // Replacing the whole list still works as before.
  const replaced = await ok(await request.patch(url, { headers: user.headers, data: { labels: ["only"] } }));
  expect(replaced.task.labels).toEqual(["only"]);
  // Replace and add/remove of the same list in one request is ambiguous.
  const both = await request.patch(url, { headers: user.headers, data: { labels: ["a"], addLabels: ["b"] } });
  expect(both.status()).toBe(422);
});

test("parallel dependency additions and removals without a version all survive", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  for (let i = 1; i <= 11; i++) await addTask(request, user, projectId, { title: `Task ${i}` });
  const url = `/api/v1/projects/${projectId}/tasks/11`;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => request.patch(url, { headers: user.headers, data: { addDependencies: [String(i + 1)] } })),
  );
  for (const r of results) expect(r.status(), await r.text()).toBe(200);
  let { task } = await ok(await request.get(url, { headers: user.headers }));
  expect([...task.dependencies].sort((a: string, b: string) => Number(a) - Number(b))).toEqual([
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
  ]);

  const removals = await Promise.all(
    ["2", "4", "6"].map((ref) => request.patch(url, { headers: user.headers, data: { removeDependencies: [ref] } })),
  );
  for (const r of removals) expect(r.status()).toBe(200);
  ({ task } = await ok(await request.get(url, { headers: user.headers })));
  expect([...task.dependencies].sort((a: string, b: string) => Number(a) - Number(b))).toEqual(["1", "3", "5", "7", "8", "9", "10"]);

  // The same rules as every other way of adding an edge: no cycles, no unknown tasks.
  const cycle = await request.patch(`/api/v1/projects/${projectId}/tasks/1`, { headers: user.headers, data: { addDependencies: ["11"] } });
  expect(cycle.status()).toBe(422);
  expect((await cycle.json()).error.message).toMatch(/#1 → #11 → #1|#11 → #1 → #11/);
  const unknown = await request.patch(url, { headers: user.headers, data: { addDependencies: ["99"] } });
  expect(unknown.status()).toBe(422);
  const missing = await request.patch(url, { headers: user.headers, data: { removeDependencies: ["11"] } });
  expect(missing.status()).toBe(200);
  const both = await request.patch(url, { headers: user.headers, data: { dependencies: ["1"], removeDependencies: ["3"] } });
  expect(both.status()).toBe(422);
});

test("If-Match carries the version: a stale one is a 409 with the current task", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const created = await addTask(request, user, projectId, { title: "Versioned" });
  const url = `/api/v1/projects/${projectId}/tasks/1`;
  const first = await ok(
    await request.patch(url, { headers: { ...user.headers, "if-match": String(created.version) }, data: { title: "First edit" } }),
  );
  expect(first.task).toMatchObject({ title: "First edit", version: created.version + 1 });

  // A second client still holding the old version is refused and sees what changed.
  const stale = await request.patch(url, {
    headers: { ...user.headers, "if-match": `"${created.version}"` },
    data: { title: "Second edit" },
  });
  expect(stale.status()).toBe(409);
  const body = await stale.json();
  expect(body.error.code).toBe("conflict");
  expect(body.error.details.current).toMatchObject({ title: "First edit", version: first.task.version });

  // The quoted (ETag) form of the current version works; so does a weak one.
  const second = await ok(
    await request.patch(url, { headers: { ...user.headers, "if-match": `"${first.task.version}"` }, data: { addLabels: ["ok"] } }),
  );
  expect(second.task).toMatchObject({ title: "First edit", labels: ["ok"], version: first.task.version + 1 });
  const weak = await ok(
    await request.patch(url, { headers: { ...user.headers, "if-match": `W/"${second.task.version}"` }, data: { priority: "high" } }),
  );
  expect(weak.task.priority).toBe("high");

  // A version in the body that disagrees with If-Match, or an If-Match that is not a version, is refused.
  const disagree = await request.patch(url, {
    headers: { ...user.headers, "if-match": String(weak.task.version) },
    data: { title: "x", version: weak.task.version - 1 },
  });
  expect(disagree.status()).toBe(422);
  const garbage = await request.patch(url, { headers: { ...user.headers, "if-match": "banana" }, data: { title: "x" } });
  expect(garbage.status()).toBe(422);
  const { task } = await ok(await request.get(url, { headers: user.headers }));
  expect(task).toMatchObject({ title: "First edit", priority: "high", version: weak.task.version });
});
