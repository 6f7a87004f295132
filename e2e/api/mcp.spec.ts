// The MCP server through the SDK's own client over HTTP against `next start`: tiers, every tool
// with its effect checked through REST, the auth matrix, and the AI tools against the
// Ollama-protocol test server.
import { test } from "../support/contract";
import { addMember, addTask, expect, newProject, newUser, ok, scratchDb, snapshot, tokenFor, type TestUser } from "../support/api";
import { mcpClient, mcpUrl, resultText, structured } from "../support/mcp";
import { script, TWO_TASK_PLAN } from "../support/ollama";

const CORE = ["get_tasks", "get_task", "next_task", "set_task_status", "update_subtask", "add_task", "parse_prd", "expand_task"];
const STANDARD = [
  ...CORE,
  "validate_dependencies",
  "complexity_report",
  "add_subtask",
  "update_task",
  "remove_task",
  "add_dependency",
  "remove_dependency",
  "fix_dependencies",
  "move_task",
  "expand_all",
  "analyze_project_complexity",
];
const ALL = [...STANDARD, "list_projects", "get_project_context", "search_tasks", "get_task_history", "generate_report"];

async function seed(request: Parameters<typeof newUser>[0]) {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Provision the VM", details: "Debian 12 on the closet box", priority: "high" });
  await addTask(request, user, projectId, { title: "Install Ollama", dependencies: ["1"] });
  await addTask(request, user, projectId, { title: "Pull a model", dependencies: ["2"] });
  return { user, projectId };
}

const rest = (request: Parameters<typeof newUser>[0], user: TestUser, path: string) =>
  request.get(`/api/v1/projects/${path}`, { headers: user.headers }).then((r) => ok(r));

test("initialize, then tools/list per tier: names and count", async ({ request }) => {
  const { user } = await seed(request);
  const core = await mcpClient(user.token);
  expect(core.getServerVersion()?.name).toBe("cairn");
  expect(core.getServerCapabilities()?.tools).toBeTruthy();
  expect((await core.listTools()).tools.map((t) => t.name)).toEqual(CORE);
  const byTier = async (tier: string) => (await (await mcpClient(user.token, tier)).listTools()).tools.map((t) => t.name).sort();
  expect(await byTier("standard")).toEqual([...STANDARD].sort());
  expect(await byTier("all")).toEqual([...ALL].sort());
  expect(await byTier("read")).toEqual([
    "complexity_report",
    "get_project_context",
    "get_task",
    "get_task_history",
    "get_tasks",
    "list_projects",
    "next_task",
    "search_tasks",
    "validate_dependencies",
  ]);
  expect(await byTier("get_task,next_task")).toEqual(["get_task", "next_task"]);
  const bad = await fetch(mcpUrl("everything"), {
    method: "POST",
    headers: { ...user.headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: "{}",
  });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.message).toContain('unknown tool or tier "everything"');
});

test("every plain tool, with its effect checked through REST and in the history as the token's user", async ({ request }) => {
  const { user, projectId } = await seed(request);
  const mcp = await mcpClient(user.token, "all");
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = await mcp.callTool({ name, arguments: { project: projectId, ...args } });
    expect(r.isError, `${name}: ${resultText(r)}`).toBeFalsy();
    return r;
  };

  const list = await call("get_tasks");
  expect(structured(list).tasks.map((t: { ref: string }) => t.ref)).toEqual(["1", "2", "3"]);
  expect(structured(list).tasks[1]).toEqual({
    ref: "2",
    title: "Install Ollama",
    status: "pending",
    priority: "medium",
    dependencies: ["1"],
    blocked: true,
  });
  expect(structured(await call("get_tasks", { status: "blocked" })).tasks.map((t: { ref: string }) => t.ref)).toEqual(["2", "3"]);
  expect(resultText(await call("get_task", { id: 1 }))).toContain("Debian 12 on the closet box");
  const next = await call("next_task");
  expect(structured(next).task.ref).toBe((await rest(request, user, `${projectId}/next`)).task.ref);

  await call("set_task_status", { id: "1", status: "in-progress" });
  expect((await rest(request, user, `${projectId}/tasks/1`)).task.status).toBe("in-progress");
  await call("update_subtask", { id: "1", prompt: "VM is up; SSH works." });
  expect((await rest(request, user, `${projectId}/tasks/1/notes`)).notes.map((n: { body: string }) => n.body)).toEqual([
    "VM is up; SSH works.",
  ]);
  const added = await call("add_task", { title: "Open the firewall", dependencies: "1,2", priority: "low" });
  expect(structured(added).tasks[0].ref).toBe("4");
  expect((await rest(request, user, `${projectId}/tasks/4`)).task).toMatchObject({
    title: "Open the firewall",
    dependencies: ["1", "2"],
    priority: "low",
  });
  await call("add_subtask", { id: 4, title: "Allow port 11434" });
  expect((await rest(request, user, `${projectId}/tasks/4`)).task.subtasks.map((s: { ref: string }) => s.ref)).toEqual(["4.1"]);
  await call("update_task", { id: "4", description: "ufw allow from the LAN" });
  expect((await rest(request, user, `${projectId}/tasks/4`)).task.description).toBe("ufw allow from the LAN");
  await call("add_dependency", { id: "4", dependsOn: "3" });
  expect((await rest(request, user, `${projectId}/tasks/4`)).task.dependencies).toEqual(["1", "2", "3"]);
  await call("remove_dependency", { id: "4", dependsOn: "1" });
  expect((await rest(request, user, `${projectId}/tasks/4`)).task.dependencies).toEqual(["2", "3"]);
  await call("move_task", { from: "3", status: "review" });
  expect((await rest(request, user, `${projectId}/tasks/3`)).task.status).toBe("review");
  await call("move_task", { from: "2", to: "3" });
  const board = await rest(request, user, `${projectId}/board`);
  expect(board.cards.filter((c: { status: string }) => c.status === "review").map((c: { ref: string }) => c.ref)).toEqual(["2", "3"]);

  // A self-edge only a damaged database can hold: validate reports it, fix removes it.
  const db = scratchDb();
  const ids = db.prepare('SELECT "id" FROM "Task" WHERE "projectId" = ? AND "number" = 3 AND "subNumber" = 0').get(projectId) as {
    id: string;
  };
  db.prepare('INSERT INTO "TaskDependency" ("projectId", "taskId", "dependsOnId", "createdAt") VALUES (?, ?, ?, ?)').run(
    projectId,
    ids.id,
    ids.id,
    new Date().toISOString().replace("Z", "+00:00"),
  );
  db.close();
  const invalid = await call("validate_dependencies");
  expect(structured(invalid).valid).toBe(false);
  expect(structured(invalid).issues[0]).toMatchObject({ taskRef: "3", dependsOnRef: "3", kind: "self" });
  await call("fix_dependencies");
  expect((await rest(request, user, `${projectId}/dependencies/validate`)).valid).toBe(true);

  const removed = await call("remove_task", { id: "4" });
  expect(structured(removed).deleted).toEqual(["4", "4.1"]);
  expect((await request.get(`/api/v1/projects/${projectId}/tasks/4`, { headers: user.headers })).status()).toBe(404);

  expect(structured(await call("complexity_report")).tasks).toEqual([]);
  const projects = structured(await mcp.callTool({ name: "list_projects", arguments: {} })).projects;
  expect(projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
  const context = await call("get_project_context", { maxTokens: 500 });
  expect(resultText(context)).toContain("#1 [in-progress] high Provision the VM");
  expect(structured(await call("search_tasks", { query: "ollama" })).tasks.map((t: { ref: string }) => t.ref)).toEqual(["2"]);
  const report = await call("generate_report");
  expect(resultText(report)).toContain("#");
  expect((await rest(request, user, `${projectId}/reports`)).reports.map((r: { id: string }) => r.id)).toContain(structured(report).id);
  const history = structured(await call("get_task_history", { id: 1 })).events;
  expect(history.find((e: { field: string | null }) => e.field === "status")).toMatchObject({
    by: user.name,
    oldValue: "pending",
    newValue: "in-progress",
  });
  const restHistory = (await rest(request, user, `${projectId}/tasks/1/history`)).events;
  expect(restHistory.find((e: { field: string | null }) => e.field === "status").actor.name).toBe(user.name);
});

test("resources and the work-next-task prompt", async ({ request }) => {
  const { user, projectId } = await seed(request);
  const mcp = await mcpClient(user.token);
  const slug = (await rest(request, user, projectId)).project.slug;
  const templates = (await mcp.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  expect(templates).toEqual(expect.arrayContaining(["cairn://projects/{project}/tasks/{ref}", "cairn://projects/{project}/plan"]));
  const task = await mcp.readResource({ uri: `cairn://projects/${projectId}/tasks/1` });
  expect((task.contents[0] as { text: string }).text).toContain("Debian 12 on the closet box");
  const plan = await mcp.readResource({ uri: `cairn://projects/${projectId}/plan` });
  expect((plan.contents[0] as { text: string }).text).toContain("#2 [pending blocked] Install Ollama ← #1");
  expect((await mcp.listResources()).resources.map((r) => r.uri)).toContain(`cairn://projects/${slug}/plan`);
  const prompt = await mcp.getPrompt({ name: "work-next-task", arguments: { project: slug } });
  const text = (prompt.messages[0]!.content as { text: string }).text;
  expect(text).toContain("Work on task #1");
  expect(text).toContain('set_task_status with id "1" and status "in-progress"');
});

test.describe("auth and errors", () => {
  test("no token, a bad token or an expired one: 401 with the resource metadata; the metadata is served", async ({ request }) => {
    const user = await newUser(request);
    const init = {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    };
    const bare = await fetch(mcpUrl(), init);
    expect(bare.status).toBe(401);
    const origin = new URL(mcpUrl()).origin;
    expect(bare.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"`);
    const wrong = await fetch(mcpUrl(), { ...init, headers: { ...init.headers, authorization: "Bearer cairn_nope" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("resource_metadata=");
    const expiring = await tokenFor(request, user.email, ["read", "write"], 1);
    const db = scratchDb();
    db.prepare('UPDATE "ApiToken" SET "expiresAt" = ? WHERE "id" = ?').run(
      new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00"),
      expiring.id,
    );
    db.close();
    const expired = await fetch(mcpUrl(), { ...init, headers: { ...init.headers, ...expiring.headers } });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.message).toBe("This API token has expired");
    await expect(mcpClient(expiring.token)).rejects.toThrow();
    const meta = await ok(await request.get("/.well-known/oauth-protected-resource"));
    expect(meta).toEqual({ resource: `${origin}/api/mcp`, resource_name: "Cairn", bearer_methods_supported: ["header"] });
  });

  test("a foreign Origin gets 403, GET gets 405, a body over 1 MB gets 413", async ({ request }) => {
    const user = await newUser(request);
    const headers = { ...user.headers, "content-type": "application/json", accept: "application/json, text/event-stream" };
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect((await fetch(mcpUrl(), { method: "POST", headers: { ...headers, origin: "http://evil.example" }, body })).status).toBe(403);
    expect((await fetch(mcpUrl(), { method: "POST", headers: { ...headers, origin: new URL(mcpUrl()).origin }, body })).status).not.toBe(
      403,
    );
    const get = await fetch(mcpUrl(), { headers: { ...user.headers, accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "add_task", arguments: { title: "x", details: "y".repeat(1_100_000) } },
    });
    expect((await fetch(mcpUrl(), { method: "POST", headers, body: big })).status).toBe(413);
  });

  test("a read-only token sees no write tools and its write call is refused", async ({ request }) => {
    const { user, projectId } = await seed(request);
    const readOnly = await tokenFor(request, user.email, ["read"]);
    const mcp = await mcpClient(readOnly.token, "all");
    const names = (await mcp.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["get_tasks", "next_task", "list_projects"]));
    for (const w of ["set_task_status", "add_task", "parse_prd", "remove_task"]) expect(names).not.toContain(w);
    const refused = await mcp.callTool({ name: "set_task_status", arguments: { project: projectId, id: "1", status: "done" } });
    expect(refused.isError).toBe(true);
    expect(resultText(refused)).toContain("read-only");
    expect((await rest(request, user, `${projectId}/tasks/1`)).task.status).toBe("pending");
  });

  test("a project of someone else is a tool error naming your projects; a viewer cannot write", async ({ request }) => {
    const { user: owner, projectId } = await seed(request);
    const other = await newUser(request);
    const otherProject = await newProject(request, other, "Other home lab");
    const mcp = await mcpClient(other.token);
    const foreign = await mcp.callTool({ name: "get_tasks", arguments: { project: projectId } });
    expect(foreign.isError).toBe(true);
    expect(resultText(foreign)).toContain(`no project of yours is "${projectId}"`);
    expect(resultText(foreign)).toContain(`"Other home lab"`);
    expect(resultText(foreign)).toContain(otherProject);
    const none = await mcp.callTool({ name: "get_tasks", arguments: {} });
    expect(none.isError).toBe(true);
    expect(resultText(none)).toContain("say which project");

    await addMember(request, owner, projectId, other, "viewer");
    const read = await mcp.callTool({ name: "get_tasks", arguments: { project: projectId } });
    expect(structured(read).total).toBe(3);
    const write = await mcp.callTool({ name: "set_task_status", arguments: { project: projectId, id: "1", status: "done" } });
    expect(write.isError).toBe(true);
    expect(resultText(write)).toBe("Viewers cannot change this project");
    expect((await rest(request, owner, `${projectId}/tasks/1`)).task.status).toBe("pending");
  });

  test("bad arguments, unknown refs and cycles are isError results with the service's message", async ({ request }) => {
    const { user, projectId } = await seed(request);
    const mcp = await mcpClient(user.token, "standard");
    const before = await snapshot(request, user, projectId);
    const cases: [string, Record<string, unknown>, string][] = [
      ["set_task_status", { id: "1", status: "finished" }, "status"],
      ["get_task", { id: "abc" }, '"abc" is not a task ref'],
      ["get_task", { id: "99" }, "Task #99 not found"],
      ["add_dependency", { id: "1", dependsOn: "3" }, "#1 → #3 → #2 → #1"],
      ["add_task", { title: "" }, "Title is required"],
      ["set_task_status", { id: "1,99", status: "done" }, "Task #99 not found"],
      ["parse_prd", { input: ".taskmaster/docs/prd.txt" }, "cannot read .taskmaster/docs/prd.txt on your machine"],
      ["get_tasks", { status: "blocked,done" }, 'ask for "blocked" on its own'],
    ];
    for (const [name, args, message] of cases) {
      const r = await mcp.callTool({ name, arguments: { project: projectId, ...args } });
      expect(r.isError, name).toBe(true);
      expect(resultText(r)).toContain(message);
    }
    expect(await snapshot(request, user, projectId)).toBe(before);
  });

  test("a project-bound token needs no project and reaches no other, over MCP and REST", async ({ request }) => {
    const { user, projectId } = await seed(request);
    const second = await newProject(request, user, "Second");
    const { token } = await ok(
      await request.post("/api/v1/tokens", {
        data: { email: user.email, password: "correct horse battery", name: "bound", scopes: ["read", "write"], projectId },
      }),
      201,
    );
    const headers = { authorization: `Bearer ${token}` };
    const mcp = await mcpClient(token);
    const tool = (await mcp.listTools()).tools.find((t) => t.name === "get_tasks")!;
    expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain("project");
    expect(structured(await mcp.callTool({ name: "get_tasks", arguments: {} })).total).toBe(3);
    expect((await request.get(`/api/v1/projects/${second}/tasks`, { headers })).status()).toBe(404);
    expect((await ok(await request.get("/api/v1/projects", { headers }))).projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await request.post("/api/v1/projects", { headers, data: { name: "Sneaky" } })).status()).toBe(403);
  });
});

// The test server keeps one reply queue per model; these scripted replies carry their own match token.
test.describe("AI tools against the Ollama-protocol server", () => {
  test.describe.configure({ mode: "serial" });
  const PLAN = JSON.stringify(TWO_TASK_PLAN);

  test("parse_prd writes the plan, reports progress and names the model; dryRun writes nothing", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const mcp = await mcpClient(user.token);
    const dry = await script({ content: PLAN });
    const draft = await mcp.callTool({
      name: "parse_prd",
      arguments: { project: projectId, prd: `Home lab: a VM running Ollama. (${dry})`, dryRun: true },
    });
    expect(draft.isError, resultText(draft)).toBeFalsy();
    expect(structured(draft)).toMatchObject({ written: false, model: "llama3.2" });
    expect(structured(draft).draft.map((t: { title: string }) => t.title)).toEqual(["Provision the VM", "Install Ollama"]);
    expect((await rest(request, user, `${projectId}/tasks`)).total).toBe(0);

    const live = await script({ content: PLAN.match(/.{1,12}/g), delayMs: 40 });
    const progress: { message?: string }[] = [];
    const written = await mcp.callTool(
      { name: "parse_prd", arguments: { project: projectId, prd: `Home lab: a VM running Ollama, written. (${live})` } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
    );
    expect(written.isError, resultText(written)).toBeFalsy();
    expect(resultText(written)).toContain("answered by llama3.2");
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((p) => p.message?.includes("llama3.2"))).toBe(true);
    const tasks = (await rest(request, user, `${projectId}/tasks`)).tasks;
    expect(
      tasks.map((t: { ref: string; title: string; dependencies: string[]; source: string }) => [t.ref, t.title, t.dependencies, t.source]),
    ).toEqual([
      ["1", "Provision the VM", [], "ai"],
      ["2", "Install Ollama", ["1"], "ai"],
    ]);
  });

  test("a broken stream or an unreachable model is a plain tool error and writes nothing", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    await addTask(request, user, projectId, { title: "Provision the VM" });
    const mcp = await mcpClient(user.token, "standard");
    const before = await snapshot(request, user, projectId);
    const broken = await script({ fault: "disconnect-mid-stream", content: PLAN.match(/.{1,12}/g), afterChunks: 3 });
    const r = await mcp.callTool({
      name: "parse_prd",
      arguments: { project: projectId, prd: `Broken stream for the home lab. (${broken})` },
    });
    expect(r.isError).toBe(true);
    expect(resultText(r)).toMatch(/nothing was written/i);
    const down = await script({ status: 503, error: "server busy" });
    const e = await mcp.callTool({ name: "expand_task", arguments: { project: projectId, id: "1", prompt: `Split it (${down})` } });
    expect(e.isError).toBe(true);
    expect(await snapshot(request, user, projectId)).toBe(before);
  });

  test("add_task and update_task with a prompt: the model writes the task, then rewrites it", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    await addTask(request, user, projectId, { title: "Provision the VM" });
    const mcp = await mcpClient(user.token, "standard");
    const add = await script({
      content: JSON.stringify({
        title: "Install Ollama",
        description: "Service and model",
        details: "curl | sh",
        testStrategy: "curl /api/version",
        priority: "high",
        dependencies: ["1"],
      }),
    });
    const added = await mcp.callTool({ name: "add_task", arguments: { project: projectId, prompt: `Ollama on the VM (${add})` } });
    expect(added.isError, resultText(added)).toBeFalsy();
    expect((await rest(request, user, `${projectId}/tasks/2`)).task).toMatchObject({
      title: "Install Ollama",
      priority: "high",
      dependencies: ["1"],
      source: "ai",
    });
    const edit = await script({ content: JSON.stringify({ tasks: [{ id: "2", details: "Use the official install script" }] }) });
    const updated = await mcp.callTool({
      name: "update_task",
      arguments: { project: projectId, id: "2", prompt: `Say how to install it (${edit})` },
    });
    expect(updated.isError, resultText(updated)).toBeFalsy();
    expect((await rest(request, user, `${projectId}/tasks/2`)).task.details).toBe("Use the official install script");
  });

  test("expand_task, expand_all and analyze_project_complexity write their results; complexity_report reads them", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    await addTask(request, user, projectId, { title: "Provision the VM" });
    await addTask(request, user, projectId, { title: "Install Ollama" });
    await addTask(request, user, projectId, { title: "Pull a model" });
    const mcp = await mcpClient(user.token, "standard");
    const subtasks = (titles: string[]) =>
      JSON.stringify({
        subtasks: titles.map((title, i) => ({
          id: i + 1,
          title,
          description: "",
          details: "",
          testStrategy: "",
          dependencies: i ? [i] : [],
        })),
      });

    const one = await script({ content: subtasks(["Create the VM", "Install Debian"]) });
    const expanded = await mcp.callTool({ name: "expand_task", arguments: { project: projectId, id: 1, prompt: `Two steps (${one})` } });
    expect(expanded.isError, resultText(expanded)).toBeFalsy();
    expect(
      (await rest(request, user, `${projectId}/tasks/1`)).task.subtasks.map((s: { ref: string; title: string }) => [s.ref, s.title]),
    ).toEqual([
      ["1.1", "Create the VM"],
      ["1.2", "Install Debian"],
    ]);

    const all = await script([{ content: subtasks(["Download"]) }, { content: subtasks(["Pull llama3.2"]) }]);
    const expandedAll = await mcp.callTool({ name: "expand_all", arguments: { project: projectId, prompt: `One step each (${all})` } });
    expect(expandedAll.isError, resultText(expandedAll)).toBeFalsy();
    expect((await rest(request, user, `${projectId}/tasks/2`)).task.subtasks.map((s: { title: string }) => s.title)).toEqual(["Download"]);
    expect((await rest(request, user, `${projectId}/tasks/3`)).task.subtasks.map((s: { title: string }) => s.title)).toEqual([
      "Pull llama3.2",
    ]);

    const scores = await script({
      content: JSON.stringify({
        tasks: ["1", "2", "3"].map((taskId, i) => ({
          taskId,
          complexityScore: 3 + i * 3,
          recommendedSubtasks: i + 2,
          expansionPrompt: `Split ${taskId}`,
          reasoning: "size",
        })),
      }),
    });
    await ok(
      await request.patch(`/api/v1/projects/${projectId}/tasks/3`, { headers: user.headers, data: { description: `Pull it (${scores})` } }),
    );
    const analysed = await mcp.callTool({ name: "analyze_project_complexity", arguments: { project: projectId } });
    expect(analysed.isError, resultText(analysed)).toBeFalsy();
    expect((await rest(request, user, `${projectId}/tasks/3`)).task.complexity).toBe(9);
    const report = structured(await mcp.callTool({ name: "complexity_report", arguments: { project: projectId } })).tasks;
    expect(report.map((t: { ref: string; complexityScore: number }) => [t.ref, t.complexityScore])).toEqual([
      ["3", 9],
      ["2", 6],
      ["1", 3],
    ]);
  });
});
