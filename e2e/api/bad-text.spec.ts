import { test } from "../support/contract";
import { addTask, expect, newProject, newUser, ok, snapshot, type TestUser } from "../support/api";

// Text that is not valid Unicode (a lone UTF-16 surrogate, as JSON's "\ud800" escape allows) is
// refused with a 422 that names the field, on every free-text field — never a 500.
const LONE = "\\ud800";
const LONE_LOW = "\\udfff";

type Case = { name: string; method: "post" | "patch"; path: string; raw: string; field: string };
const cases: Case[] = [
  { name: "task title", method: "post", path: "tasks", raw: `{"title":"Fix ${LONE} now"}`, field: "title" },
  { name: "task title, low surrogate alone", method: "post", path: "tasks", raw: `{"title":"${LONE_LOW}"}`, field: "title" },
  { name: "task description", method: "post", path: "tasks", raw: `{"title":"ok","description":"a${LONE}"}`, field: "description" },
  { name: "task details", method: "post", path: "tasks", raw: `{"title":"ok","details":"${LONE}"}`, field: "details" },
  { name: "task label", method: "post", path: "tasks", raw: `{"title":"ok","labels":["${LONE}"]}`, field: "labels.0" },
  { name: "task assignee", method: "post", path: "tasks", raw: `{"title":"ok","assignee":"${LONE}"}`, field: "assignee" },
  { name: "edit: title", method: "patch", path: "tasks/1", raw: `{"title":"x${LONE}"}`, field: "title" },
  { name: "edit: test strategy", method: "patch", path: "tasks/1", raw: `{"testStrategy":"${LONE}"}`, field: "testStrategy" },
  { name: "edit: added label", method: "patch", path: "tasks/1", raw: `{"addLabels":["${LONE}"]}`, field: "addLabels.0" },
  { name: "note body", method: "post", path: "tasks/1/notes", raw: `{"body":"${LONE}"}`, field: "body" },
  { name: "project name", method: "patch", path: "", raw: `{"name":"P${LONE}"}`, field: "name" },
  { name: "project description", method: "patch", path: "", raw: `{"description":"${LONE}"}`, field: "description" },
  { name: "chat thread title", method: "post", path: "chat/threads", raw: `{"title":"${LONE}"}`, field: "title" },
  { name: "report time zone", method: "post", path: "reports", raw: `{"timeZone":"${LONE}"}`, field: "timeZone" },
  { name: "AI add-task prompt", method: "post", path: "ai/add-task", raw: `{"prompt":"Add ${LONE} please"}`, field: "prompt" },
];

test.describe("text that is not valid Unicode", () => {
  let user: TestUser;
  let projectId: string;
  test.beforeAll(async ({ request }) => {
    user = await newUser(request);
    projectId = await newProject(request, user);
    await addTask(request, user, projectId, { title: "Existing" });
  });

  test(`${cases.length} fields refuse a lone surrogate with 422 and change nothing`, async ({ request }) => {
    for (const c of cases) {
      const before = await snapshot(request, user, projectId);
      const url = `/api/v1/projects/${projectId}${c.path ? `/${c.path}` : ""}`;
      const res = await request[c.method](url, { headers: { ...user.headers, "content-type": "application/json" }, data: c.raw });
      const body = await res.json();
      expect(res.status(), `${c.name}: ${JSON.stringify(body)}`).toBe(422);
      expect(body.error.code, c.name).toBe("invalid");
      expect(body.error.message, c.name).toMatch(/not valid unicode|unpaired surrogate/i);
      expect(body.error.details.issues[0].path, c.name).toBe(c.field);
      expect(await snapshot(request, user, projectId), c.name).toBe(before);
    }
  });

  test("sign-up and tokens refuse it too", async ({ request }) => {
    const signup = await request.post("/api/v1/signup", {
      headers: { "content-type": "application/json" },
      data: `{"email":"lone-${Date.now()}@example.test","password":"correct horse battery","name":"${LONE}"}`,
    });
    expect(signup.status()).toBe(422);
    const token = await request.post("/api/v1/tokens", {
      headers: { "content-type": "application/json" },
      data: `{"email":"${user.email}","password":"correct horse battery","name":"${LONE}","scopes":["read"]}`,
    });
    expect(token.status()).toBe(422);
  });

  test("an import replaces lone surrogates with U+FFFD and says where", async ({ request }) => {
    const raw = `{"master":{"tasks":[{"id":1,"title":"Imported ${LONE} task","details":"d${LONE_LOW}","dependencies":[]}],"metadata":{"projectName":"Lone ${LONE}"}}}`;
    const res = await request.post("/api/v1/import/taskmaster", {
      headers: { ...user.headers, "content-type": "application/json" },
      data: raw,
    });
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(201);
    const [project] = body.projects;
    expect(project.name).toBe("Lone \uFFFD");
    expect(project.warnings).toContain('#1: invalid Unicode (a lone surrogate) was replaced with "\uFFFD"');
    const { task } = await ok(await request.get(`/api/v1/projects/${project.id}/tasks/1`, { headers: user.headers }));
    expect(task).toMatchObject({ title: "Imported \uFFFD task", details: "d\uFFFD" });
  });

  test("well-formed text outside the basic plane still works", async ({ request }) => {
    const task = await addTask(request, user, projectId, { title: "Ship it 🚀 — naïve café 𝄞", labels: ["🏷️"] });
    expect(task.title).toBe("Ship it 🚀 — naïve café 𝄞");
    const { task: read } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/${task.ref}`, { headers: user.headers }));
    expect(read.labels).toEqual(["🏷️"]);
  });
});
