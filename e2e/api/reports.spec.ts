import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok, PASSWORD, type TestUser } from "../support/api";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Everything happens "now", so the period is yesterday to tomorrow (UTC), which holds it all:
 * #1 done, reopened, done again · #2 in progress, then done by following its only subtask #2.1 ·
 * #3 done, then back to review · #4 cancelled · #5 ← #4 · #6 created and deleted · #7 ← #3.
 */
async function craftedHistory(request: Parameters<typeof newUser>[0], user: TestUser, projectId: string) {
  const set = async (ref: string, data: Record<string, unknown>) =>
    ok(await request.patch(`/api/v1/projects/${projectId}/tasks/${ref}`, { headers: user.headers, data }));
  await addTask(request, user, projectId, { title: "Foundation" });
  await addTask(request, user, projectId, { title: "Schema", dependencies: ["1"] });
  await addTask(request, user, projectId, { title: "API", dependencies: ["2"] });
  await addTask(request, user, projectId, { title: "Legacy importer" });
  await addTask(request, user, projectId, { title: "Docs", dependencies: ["4"] });
  await addTask(request, user, projectId, { title: "Temporary" });
  await addTask(request, user, projectId, { title: "Deploy", dependencies: ["3"] });
  await addTask(request, user, projectId, { title: "Tables", parent: "2" });
  await set("1", { status: "done" });
  await set("1", { status: "pending" });
  await set("1", { status: "done" });
  await set("2", { status: "in-progress" });
  await set("3", { status: "done" });
  await set("3", { status: "review" });
  await set("4", { status: "cancelled" });
  await ok(await request.delete(`/api/v1/projects/${projectId}/tasks/6`, { headers: user.headers }));
  await set("2.1", { status: "done" });
}

test("reports over the API: exact figures from a crafted history, saved and listed", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await craftedHistory(request, user, projectId);
  const url = `/api/v1/projects/${projectId}/reports`;

  const report = await ok(await request.post(url, { headers: user.headers, data: { from: day(-1), to: day(1) } }), 201);
  expect(report).toMatchObject({
    projectId,
    periodFrom: `${day(-1)}T00:00:00.000Z`,
    periodTo: `${day(1)}T23:59:59.999Z`,
    narrative: null,
    model: null,
    narrativeError: null,
  });
  expect(typeof report.id).toBe("string");
  expect(Date.now() - Date.parse(report.createdAt)).toBeLessThan(60_000);
  const s = report.stats;
  expect(s.tasks).toEqual({
    scopeAtStart: 0,
    doneAtStart: 0,
    scopeAtEnd: 5, // #1 #2 #3 #5 #7: #4 is cancelled, #6 deleted
    doneAtEnd: 2,
    percentAtEnd: 40,
    completed: 2, // #1 (twice, counted once) and #2; #3 was reopened
    completions: 4,
    reopened: 2,
    added: 7,
    imported: 0,
    deleted: 1,
    cancelled: 1,
  });
  expect(s.subtasks).toEqual({
    scopeAtStart: 0,
    doneAtStart: 0,
    scopeAtEnd: 1,
    doneAtEnd: 1,
    percentAtEnd: 100,
    completed: 1,
    completions: 1,
    reopened: 0,
    added: 1,
    imported: 0,
    deleted: 0,
    cancelled: 0,
  });
  expect(s.done.items.map((d: { ref: string }) => d.ref)).toEqual(["1", "2.1", "2"]);
  expect(s.burnup.at(-1)).toEqual({ day: day(0), scope: 5, done: 2 });
  expect(s.burnup[0]).toEqual({ day: day(-1), scope: 0, done: 0 });
  const weeks = s.throughput as { tasks: number; subtasks: number }[];
  expect([weeks.reduce((n, w) => n + w.tasks, 0), weeks.reduce((n, w) => n + w.subtasks, 0)]).toEqual([2, 1]);
  expect(s.inProgress.items).toMatchObject([{ ref: "3", title: "API", status: "review" }]);
  expect(s.blocked.items).toEqual([
    { ref: "7", title: "Deploy", status: "pending", blockedBy: [{ ref: "3", title: "API", status: "review" }] },
  ]);
  expect(s.risks.cancelledPrerequisites.items).toEqual([
    { ref: "4", title: "Legacy importer", dependents: [{ ref: "5", title: "Docs", status: "pending" }] },
  ]);
  expect(report.markdown).toContain("| Completed in the period | 2 | 1 |");
  expect(report.markdown).toContain("## Done in the period (3)\n\n- #1 Foundation");

  // One saved report, readable whole, and by a viewer.
  const viewer = await newUser(request);
  await addMember(request, user, projectId, viewer, "viewer");
  const { reports } = await ok(await request.get(url, { headers: viewer.headers }));
  expect(reports).toEqual([
    {
      id: report.id,
      periodFrom: report.periodFrom,
      periodTo: report.periodTo,
      createdAt: report.createdAt,
      authorId: report.authorId,
      authorName: report.authorName,
      model: null,
      hasNarrative: false,
    },
  ]);
  expect(await ok(await request.get(`${url}/${report.id}`, { headers: viewer.headers }))).toEqual(report);

  // Viewers may generate too (it changes no task); the default period is the last 14 days.
  const byViewer = await ok(await request.post(url, { headers: viewer.headers }), 201);
  expect(Date.parse(byViewer.periodTo) - Date.parse(byViewer.periodFrom)).toBe(14 * 86_400_000);
  expect(byViewer.stats.tasks).toMatchObject({ completed: 2, scopeAtEnd: 5 });
  const after = (await ok(await request.get(url, { headers: user.headers }))).reports;
  expect(after.map((r: { id: string }) => r.id)).toEqual([byViewer.id, report.id]);

  // Other people and other projects see nothing.
  const stranger = await newUser(request);
  expect((await request.get(url, { headers: stranger.headers })).status()).toBe(404);
  expect((await request.post(url, { headers: stranger.headers, data: {} })).status()).toBe(404);
  const elsewhere = await newProject(request, user);
  expect((await request.get(`/api/v1/projects/${elsewhere}/reports/${report.id}`, { headers: user.headers })).status()).toBe(404);
  expect((await request.get(`${url}/no-such-report`, { headers: user.headers })).status()).toBe(404);
});

const BAD: { name: string; body?: unknown; raw?: string; message: RegExp }[] = [
  { name: "from after to", body: { from: "2026-03-10", to: "2026-03-01" }, message: /^from must not be after to/ },
  { name: "not a date", body: { from: "last tuesday" }, message: /^from: "last tuesday" is not a valid date/ },
  { name: "an impossible date", body: { to: "2026-02-31" }, message: /^to: "2026-02-31" is not a valid date/ },
  { name: "longer than three years", body: { from: "2020-01-01", to: "2025-01-01" }, message: /reports cover at most three years/ },
  { name: "in the future", body: { from: day(3), to: day(10) }, message: /^The period starts in the future/ },
  { name: "an unknown time zone", body: { timeZone: "Nowhere/Town" }, message: /is not a known time zone/ },
  { name: "narrative as a string", body: { narrative: "please" }, message: /^narrative: / },
  { name: "an unknown field", body: { period: "last week" }, message: /period/ },
  { name: "broken JSON", raw: '{"from": "2026-', message: /not valid JSON/ },
];

test("bad report requests answer 4xx with a plain message and save nothing", async ({ request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Only task" });
  const url = `/api/v1/projects/${projectId}/reports`;
  for (const bad of BAD) {
    const res = bad.raw
      ? // Raw bytes: Playwright would JSON-encode a string body a second time.
        await request.post(url, { headers: { ...user.headers, "content-type": "application/json" }, data: Buffer.from(bad.raw) })
      : await request.post(url, { headers: user.headers, data: bad.body });
    // Unparseable JSON is a bad request (400); parseable but invalid input is 422.
    expect(res.status(), bad.name).toBe(bad.raw ? 400 : 422);
    const { error } = await res.json();
    expect(error.code, bad.name).toBe("invalid");
    expect(error.message, bad.name).toMatch(bad.message);
  }
  expect((await ok(await request.get(url, { headers: user.headers }))).reports).toEqual([]);
  // Generating saves a report and may call the model: a read-only token may not, a write token may.
  const readOnly = await ok(
    await request.post("/api/v1/tokens", { data: { email: user.email, password: PASSWORD, name: "read", scopes: ["read"] } }),
    201,
  );
  expect((await request.post(url, { headers: { authorization: `Bearer ${readOnly.token}` }, data: {} })).status()).toBe(403);
  expect((await ok(await request.get(url, { headers: user.headers }))).reports).toEqual([]);
  await ok(await request.post(url, { headers: user.headers, data: {} }), 201);
  expect((await ok(await request.get(url, { headers: user.headers }))).reports).toHaveLength(1);
});

test("the OpenAPI document lists the report routes with their input", async ({ request }) => {
  const doc = await ok(await request.get("/api/v1/openapi.json"));
  const reports = doc.paths["/projects/{projectId}/reports"];
  expect(Object.keys(reports.post.requestBody.content["application/json"].schema.properties)).toEqual([
    "from",
    "to",
    "narrative",
    "timeZone",
  ]);
  expect(reports.post.responses).toHaveProperty("201");
  expect(reports.get.parameters.map((p: { name: string }) => p.name)).toEqual(["projectId", "limit"]);
  expect(doc.paths["/projects/{projectId}/reports/{reportId}"].get.parameters.map((p: { name: string }) => p.name)).toEqual([
    "projectId",
    "reportId",
  ]);
});
