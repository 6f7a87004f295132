import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createTask } from "@/lib/tasks/create-task";
import { getTask } from "@/lib/tasks/get-task";
import { updateTask } from "@/lib/tasks/update-task";
import { addMember, makeProject, makeUser } from "@/lib/test/factories";
import { resetCoolDowns } from "../providers";
import { updateAiSettings } from "../settings";
import { addTask } from "./add-task";
import { analyzeComplexity } from "./analyze-complexity";
import type { AnalyzeComplexityResult, ExpandAllResult, ExpandResult } from "./types";
import { expand } from "./expand";
import { runAiJob } from "./index";
import { updateTasks } from "./update";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const F = "```";

async function configure(main: string[], extra: Record<string, unknown> = {}, fast: string[] = []) {
  const link = (m: string) => ({ endpointId: "local", model: m });
  await updateAiSettings(admin, {
    endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: server.url }],
    roles: { main: main.map(link), fast: fast.map(link), complex: [], fallback: [] },
    cacheTtlSeconds: 0,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    numCtx: 8192,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const chats = () => server.requestsTo("/api/chat");
const chatBody = (i = 0) =>
  chats()[i]!.body as { model: string; messages: { role: string; content: string }[]; format: Record<string, unknown> };
const userPrompt = (i = 0) => chatBody(i).messages.find((m) => m.role === "user")!.content;

/** Events a step adds, as sorted [kind, ref, field, old, new] rows. */
async function eventsDuring(projectId: string, step: () => Promise<unknown>) {
  const before = new Set((await db.taskEvent.findMany({ where: { projectId }, select: { id: true } })).map((e) => e.id));
  await step();
  const rows = await db.taskEvent.findMany({ where: { projectId } });
  return rows
    .filter((e) => !before.has(e.id))
    .map((e) => [e.kind, e.taskRef, e.field, e.oldValue, e.newValue])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const taskCount = (projectId: string) => db.task.count({ where: { projectId } });
const snapshot = (projectId: string) =>
  db.task.findMany({ where: { projectId }, orderBy: [{ number: "asc" }, { subNumber: "asc" }], include: { dependencies: true } });

/**
 * #1 done, #2 → #1, #3 → #2, #4 → #3; all top-level. The fields the prompts quote are set on #2.
 */
async function expenseProject(owner?: Actor) {
  const { actor, projectId } = await makeProject(owner);
  const add = (raw: Record<string, unknown>) => createTask(actor, projectId, raw);
  await add({ title: "Set up the project", status: "done" });
  await add({
    title: "User accounts",
    description: "People sign up and sign in.",
    details: "Use next-auth credentials with scrypt hashes.",
    testStrategy: "Sign up, sign out, sign in.",
    priority: "high",
    dependencies: ["1"],
  });
  await add({ title: "Expense form", description: "Record an expense.", dependencies: ["2"] });
  await add({ title: "CSV export", description: "Monthly export.", priority: "low", dependencies: ["3"] });
  return { actor, projectId };
}

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0 } } as never);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  resetCoolDowns();
});

// ---------------------------------------------------------------------------------------------

const SUBTASKS = {
  subtasks: [
    { id: 1, title: "User model", description: "Store users.", details: "Prisma model.", testStrategy: "Unit test.", dependencies: [] },
    {
      id: 2,
      title: "Sign-up form",
      description: "Create accounts.",
      details: "POST /signup.",
      testStrategy: "API test.",
      dependencies: [1],
    },
    {
      id: 3,
      title: "Sign-in",
      description: "Start a session.",
      details: "Credentials provider.",
      testStrategy: "e2e.",
      dependencies: [1, 2],
    },
  ],
};
const SUBTASK_DRAFTS = SUBTASKS.subtasks.map(({ id, ...rest }) => ({ draftId: id, ...rest }));

describe("expand", () => {
  it("drafts subtasks without writing; the prompt carries the task, its prerequisites and the extra instruction", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(SUBTASKS) });
    const { actor, projectId } = await expenseProject();
    const r = (await expand(actor, projectId, { ref: "#2", prompt: "Prefer passkeys later." })) as ExpandResult;
    expect(r).toEqual({
      draft: { ref: "2", title: "User accounts", mode: "append", count: 5, removes: [], subtasks: SUBTASK_DRAFTS },
      warnings: [],
      model: "llama3.2",
      endpoint: "Local Ollama",
      cached: false,
      role: "main",
      routedBecause: "no complexity score → main",
      external: false,
    });
    expect(await taskCount(projectId)).toBe(4);
    const prompt = userPrompt();
    expect(prompt).toContain("Break task #2 into exactly 5 subtasks.");
    for (const text of [
      "User accounts",
      "People sign up and sign in.",
      "Use next-auth credentials with scrypt hashes.",
      "Sign up, sign out, sign in.",
      "#1 Set up the project",
      "Prefer passkeys later.",
    ]) {
      expect(prompt).toContain(text);
    }
    expect(chatBody().format).toMatchObject({ properties: { subtasks: { type: "array" } } });
  });

  it("asks for num subtasks, else the task's recommended count", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", [{ content: JSON.stringify(SUBTASKS) }, { content: JSON.stringify(SUBTASKS) }]);
    const { actor, projectId } = await expenseProject();
    await updateTask(actor, projectId, "3", { recommendedSubtasks: 4, expansionPrompt: "Split by field groups." });
    await expand(actor, projectId, { ref: "3" });
    await expand(actor, projectId, { ref: "3", num: 2 });
    expect(userPrompt(0)).toContain("exactly 4 subtasks");
    expect(userPrompt(0)).toContain("Guidance from the complexity analysis: Split by field groups.");
    expect(userPrompt(1)).toContain("exactly 2 subtasks");
  });

  it("expanding a done task warns that its new subtasks reopen it", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(SUBTASKS) });
    const { actor, projectId } = await expenseProject();
    const r = (await expand(actor, projectId, { ref: "1", apply: true })) as ExpandResult;
    expect(r.warnings).toEqual(["#1 is done; adding subtasks reopens it."]);
    expect((await getTask(actor, projectId, "1")).status).toBe("pending");
  });

  it("apply writes the subtasks in one go, with sibling dependencies mapped to the created refs", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(SUBTASKS) });
    const { actor, projectId } = await expenseProject();
    let r!: ExpandResult;
    const events = await eventsDuring(projectId, async () => {
      r = (await expand(actor, projectId, { ref: "2", apply: true })) as ExpandResult;
    });
    expect(
      r.applied!.map((t) => [t.ref, t.parent, t.title, t.description, t.details, t.testStrategy, t.dependencies, t.source, t.status]),
    ).toEqual([
      ["2.1", "2", "User model", "Store users.", "Prisma model.", "Unit test.", [], "ai", "pending"],
      ["2.2", "2", "Sign-up form", "Create accounts.", "POST /signup.", "API test.", ["2.1"], "ai", "pending"],
      ["2.3", "2", "Sign-in", "Start a session.", "Credentials provider.", "e2e.", ["2.1", "2.2"], "ai", "pending"],
    ]);
    expect(r.removed).toEqual([]);
    expect(events).toEqual([
      ["created", "2.1", "status", null, JSON.stringify({ title: "User model", status: "pending" })],
      ["created", "2.2", "status", null, JSON.stringify({ title: "Sign-up form", status: "pending" })],
      ["created", "2.3", "status", null, JSON.stringify({ title: "Sign-in", status: "pending" })],
      ["dependency_added", "2.2", "dependencies", null, "2.1"],
      ["dependency_added", "2.3", "dependencies", null, "2.1"],
      ["dependency_added", "2.3", "dependencies", null, "2.2"],
    ]);
    expect((await getTask(actor, projectId, "2")).subtasks.map((s) => s.ref)).toEqual(["2.1", "2.2", "2.3"]);
  });

  it("append adds after the existing subtasks and tells the model not to repeat them", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(SUBTASKS) });
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "Pick an auth library", parent: "2" });
    const r = (await expand(actor, projectId, { ref: "2", num: 3, apply: true })) as ExpandResult;
    expect(userPrompt()).toContain("#2.1 Pick an auth library");
    expect(r.applied!.map((t) => [t.ref, t.dependencies])).toEqual([
      ["2.2", []],
      ["2.3", ["2.2"]],
      ["2.4", ["2.2", "2.3"]],
    ]);
    expect((await getTask(actor, projectId, "2")).subtasks.map((s) => s.ref)).toEqual(["2.1", "2.2", "2.3", "2.4"]);
  });

  it("replace deletes the old subtasks only on apply, in the same transaction, and says who lost a prerequisite", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", [{ content: JSON.stringify(SUBTASKS) }, { content: JSON.stringify(SUBTASKS) }]);
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "Old A", parent: "2" });
    await createTask(actor, projectId, { title: "Old B", parent: "2", dependencies: ["2.1"] });
    await updateTask(actor, projectId, "4", { dependencies: ["3", "2.2"] });

    const draft = (await expand(actor, projectId, { ref: "2", mode: "replace" })) as ExpandResult;
    expect(draft.draft.removes).toEqual(["2.1", "2.2"]);
    expect(userPrompt()).not.toContain("Old A");
    expect((await getTask(actor, projectId, "2")).subtasks.map((s) => s.title)).toEqual(["Old A", "Old B"]);

    let r!: ExpandResult;
    const events = await eventsDuring(projectId, async () => {
      r = (await expand(actor, projectId, { ref: "2", mode: "replace", apply: true })) as ExpandResult;
    });
    expect(r.removed).toEqual(["2.1", "2.2"]);
    // Refs are not reused: history and outside links keep meaning the deleted subtasks.
    expect(r.applied!.map((t) => [t.ref, t.title, t.dependencies])).toEqual([
      ["2.3", "User model", []],
      ["2.4", "Sign-up form", ["2.3"]],
      ["2.5", "Sign-in", ["2.3", "2.4"]],
    ]);
    expect((await getTask(actor, projectId, "2")).subtasks.map((s) => s.title)).toEqual(["User model", "Sign-up form", "Sign-in"]);
    expect((await getTask(actor, projectId, "4")).dependencies).toEqual(["3"]);
    expect(events.filter((e) => e[0] === "deleted" || e[0] === "dependency_removed")).toEqual([
      ["deleted", "2.1", null, JSON.stringify({ title: "Old A", status: "pending" }), null],
      ["deleted", "2.2", null, JSON.stringify({ title: "Old B", status: "pending" }), null],
      ["dependency_removed", "4", "dependencies", "2.2", null],
    ]);
  });

  it("repairs an imperfect answer (fence, bare list, ids as text, dotted and later dependencies) and says what it fixed", async () => {
    await configure(["llama3.2"]);
    const answer = `${F}json
[
  {"id": "1", "title": "User model", "description": "a", "details": "b", "testStrategy": "c", "dependencies": []},
  {"id": "2", "title": "Sign-in", "description": "a", "details": "b", "testStrategy": "c", "dependencies": ["2.1", "3"]},
  {"id": "3", "title": "Sessions", "description": "a", "details": "b", "testStrategy": "c", "dependencies": [1, 99]}
]
${F}`;
    server.script("llama3.2", { content: answer });
    const { actor, projectId } = await expenseProject();
    const r = (await expand(actor, projectId, { ref: "2", apply: true })) as ExpandResult;
    expect(r.draft.subtasks.map((s) => [s.draftId, s.title, s.dependencies])).toEqual([
      [1, "User model", []],
      [2, "Sign-in", [1]],
      [3, "Sessions", [1]],
    ]);
    expect(r.warnings).toEqual([
      'The answer was a bare list; read it as {"subtasks": [...]}',
      "Read subtask ids written as text as numbers",
      'Read dependency "2.1" as subtask 1 (subtask 2)',
      "Read dependencies written as text as numbers (subtask 2)",
      'Subtask 2 "Sign-in": dropped a dependency on subtask 3 "Sessions", which comes later',
      'Subtask 3 "Sessions": dropped a dependency on unknown subtask 99',
    ]);
    expect(r.applied!.map((t) => [t.ref, t.dependencies])).toEqual([
      ["2.1", []],
      ["2.2", ["2.1"]],
      ["2.3", ["2.1"]],
    ]);
  });

  it("a model failing mid-stream is an AppError and nothing is written", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { fault: "error-line-mid-stream", content: JSON.stringify(SUBTASKS).match(/.{1,30}/g)!, afterChunks: 3 });
    const { actor, projectId } = await expenseProject();
    const before = await snapshot(projectId);
    const e = await failure(expand(actor, projectId, { ref: "2", mode: "replace", apply: true }));
    expect(e.code).toBe("bad_gateway");
    expect(e.message).toContain("Nothing was written");
    expect(await snapshot(projectId)).toEqual(before);
  });

  it.each([
    [{ ref: "3.1" }, 422, "is a subtask"],
    [{ ref: "42" }, 404, "Task #42 not found"],
    [{ ref: "2", num: 0 }, 422, "num"],
    [{ ref: "2", num: 51 }, 422, "num"],
    [{ ref: "2", all: true }, 422, 'Give either a task ref or "all": true'],
    [{}, 422, 'Give either a task ref or "all": true'],
    [{ ref: "2", mode: "merge" }, 422, "mode"],
    [{ ref: "2", extra: 1 }, 422, "extra"],
    [{ ref: "nope" }, 422, "is not a task ref"],
  ] as const)("refuses %j before any model call (%i)", async (raw, status, message) => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "A part", parent: "3" });
    const e = await failure(expand(actor, projectId, raw));
    expect(e.status).toBe(status);
    expect(e.message).toContain(message);
    expect(chats()).toHaveLength(0);
  });

  it("viewers may not expand, and are told so before any model call", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    const viewer = await makeUser();
    await addMember(actor, projectId, viewer, "viewer");
    expect((await failure(expand(viewer, projectId, { ref: "2" }))).code).toBe("forbidden");
    expect(chats()).toHaveLength(0);
  });
});

describe("expand all", () => {
  it("expands every pending top-level task without subtasks, one call each, and writes them together", async () => {
    await configure(["llama3.2"]);
    const two = { subtasks: [{ id: 1, title: "Form A", description: "", details: "", testStrategy: "", dependencies: [] }] };
    server.script("llama3.2", [{ content: JSON.stringify(SUBTASKS) }, { content: JSON.stringify(two) }]);
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "Already split", parent: "3" });
    await createTask(actor, projectId, { title: "Deferred work", status: "deferred" });
    const partials: unknown[] = [];
    const r = (await expand(
      actor,
      projectId,
      { all: true, num: 3, apply: true },
      { onPartial: (p) => partials.push(p) },
    )) as ExpandAllResult;
    expect(r.tasks).toEqual([
      {
        ref: "2",
        title: "User accounts",
        outcome: "drafted",
        subtasks: 3,
        model: "llama3.2",
        role: "main",
        routedBecause: "no complexity score → main",
        cached: false,
        warnings: [],
        error: null,
      },
      {
        ref: "4",
        title: "CSV export",
        outcome: "drafted",
        subtasks: 1,
        model: "llama3.2",
        role: "main",
        routedBecause: "no complexity score → main",
        cached: false,
        warnings: [],
        error: null,
      },
    ]);
    expect(r.draft.map((d) => [d.ref, d.count, d.subtasks.length])).toEqual([
      ["2", 3, 3],
      ["4", 3, 1],
    ]);
    expect(chats().map((_, i) => userPrompt(i).split("\n")[0])).toEqual([
      "Break task #2 into exactly 3 subtasks.",
      "Break task #4 into exactly 3 subtasks.",
    ]);
    expect(r.applied!.map((t) => [t.ref, t.title, t.dependencies])).toEqual([
      ["2.1", "User model", []],
      ["2.2", "Sign-up form", ["2.1"]],
      ["2.3", "Sign-in", ["2.1", "2.2"]],
      ["4.1", "Form A", []],
    ]);
    expect(partials.every((p) => typeof (p as { step: unknown }).step === "number")).toBe(true);
  });

  it("reports a task whose answer is unusable and still writes the others", async () => {
    await configure(["llama3.2"]);
    const one = { subtasks: [{ id: 1, title: "Export query", description: "", details: "", testStrategy: "", dependencies: [] }] };
    server.script("llama3.2", [
      { content: JSON.stringify(SUBTASKS) },
      { content: '{"subtasks": []}' },
      { content: "I need more details." },
      { content: JSON.stringify(one) },
    ]);
    const { actor, projectId } = await expenseProject();
    const r = (await expand(actor, projectId, { all: true, apply: true })) as ExpandAllResult;
    expect(r.tasks.map((t) => [t.ref, t.outcome, t.subtasks, t.error?.code ?? null])).toEqual([
      ["2", "drafted", 3, null],
      ["3", "failed", 0, "bad_gateway"],
      ["4", "drafted", 1, null],
    ]);
    expect(r.warnings.some((w) => w.startsWith("#3: not expanded: The models answered, but not with a usable result."))).toBe(true);
    expect(r.warnings.join(" ")).not.toContain("Nothing was written");
    expect(r.applied!.map((t) => t.ref)).toEqual(["2.1", "2.2", "2.3", "4.1"]);
    expect((await getTask(actor, projectId, "3")).subtasks).toEqual([]);
  });

  it("when every task fails it is an AppError and nothing is written", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { fault: "error-line-mid-stream", content: JSON.stringify(SUBTASKS).match(/.{1,30}/g)!, afterChunks: 3 });
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Only task" });
    const e = await failure(expand(actor, projectId, { all: true, apply: true }));
    expect(e.code).toBe("bad_gateway");
    expect(await taskCount(projectId)).toBe(1);
  });

  it("stops at the first unreachable model instead of trying every task", async () => {
    await updateAiSettings(admin, {
      endpoints: [{ id: "dead", kind: "ollama", name: "dead", url: "http://127.0.0.1:9" }],
      roles: { main: [{ endpointId: "dead", model: "llama3.2" }], fast: [], fallback: [] },
      cacheTtlSeconds: 0,
    });
    const { actor, projectId } = await expenseProject();
    const t0 = new Date();
    const e = await failure(expand(actor, projectId, { all: true, apply: true }));
    expect(e.code).toBe("unavailable");
    expect(await db.aiRun.count({ where: { createdAt: { gte: t0 }, projectId } })).toBe(1);
    expect(await taskCount(projectId)).toBe(4);
  });

  it("with nothing to expand says so before any model call", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Done", status: "done" });
    const e = await failure(expand(actor, projectId, { all: true }));
    expect(e.status).toBe(422);
    expect(chats()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

const ANALYSIS = {
  tasks: [
    {
      taskId: "2",
      complexityScore: 7,
      recommendedSubtasks: 5,
      expansionPrompt: "Model, sign-up, sign-in, reset, guard.",
      reasoning: "Security-sensitive.",
    },
    { taskId: "3", complexityScore: 4, recommendedSubtasks: 3, expansionPrompt: "Form, validation, save.", reasoning: "Plain CRUD." },
    { taskId: "4", complexityScore: 6, recommendedSubtasks: 0, expansionPrompt: "", reasoning: "Streaming large files." },
  ],
};

describe("analyze complexity", () => {
  it("scores every open top-level task and reports them by score, with the refs at or above the threshold", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(ANALYSIS) });
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "A part", parent: "3" });
    await createTask(actor, projectId, { title: "Dropped idea", status: "cancelled" });
    const r = await analyzeComplexity(actor, projectId, { threshold: 6 });
    expect(r).toEqual({
      draft: {
        tasks: [
          {
            ref: "2",
            title: "User accounts",
            complexityScore: 7,
            recommendedSubtasks: 5,
            expansionPrompt: "Model, sign-up, sign-in, reset, guard.",
            reasoning: "Security-sensitive.",
          },
          {
            ref: "4",
            title: "CSV export",
            complexityScore: 6,
            recommendedSubtasks: 0,
            expansionPrompt: "",
            reasoning: "Streaming large files.",
          },
          {
            ref: "3",
            title: "Expense form",
            complexityScore: 4,
            recommendedSubtasks: 3,
            expansionPrompt: "Form, validation, save.",
            reasoning: "Plain CRUD.",
          },
        ],
        threshold: 6,
        aboveThreshold: ["2", "4"],
      },
      warnings: [],
      model: "llama3.2",
      endpoint: "Local Ollama",
      cached: false,
      role: "main",
      routedBecause: "whole project, but no complex model is configured → main",
      external: false,
    } satisfies AnalyzeComplexityResult);
    const prompt = userPrompt();
    expect(prompt).toContain("Analyse these 3 tasks");
    expect(prompt).toContain("#2 User accounts");
    expect(prompt).toContain("Already has 1 subtasks");
    expect(prompt).not.toContain("#1 Set up");
    expect(prompt).not.toContain("Dropped idea");
    expect(chatBody().format).toMatchObject({ properties: { tasks: { type: "array" } } });
    expect(await db.task.count({ where: { projectId, complexity: { not: null } } })).toBe(0);
  });

  it("apply stores score, count, prompt and reasoning through the task history", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(ANALYSIS) });
    const { actor, projectId } = await expenseProject();
    let r!: AnalyzeComplexityResult;
    const events = await eventsDuring(projectId, async () => {
      r = await analyzeComplexity(actor, projectId, { apply: true });
    });
    expect(r.applied!.map((t) => [t.ref, t.complexity, t.recommendedSubtasks, t.expansionPrompt, t.complexityReasoning])).toEqual([
      ["2", 7, 5, "Model, sign-up, sign-in, reset, guard.", "Security-sensitive."],
      ["4", 6, 0, null, "Streaming large files."],
      ["3", 4, 3, "Form, validation, save.", "Plain CRUD."],
    ]);
    expect(events).toEqual([
      ["updated", "2", "complexity", null, "7"],
      ["updated", "2", "complexityReasoning", null, "Security-sensitive."],
      ["updated", "2", "expansionPrompt", null, "Model, sign-up, sign-in, reset, guard."],
      ["updated", "2", "recommendedSubtasks", null, "5"],
      ["updated", "3", "complexity", null, "4"],
      ["updated", "3", "complexityReasoning", null, "Plain CRUD."],
      ["updated", "3", "expansionPrompt", null, "Form, validation, save."],
      ["updated", "3", "recommendedSubtasks", null, "3"],
      ["updated", "4", "complexity", null, "6"],
      ["updated", "4", "complexityReasoning", null, "Streaming large files."],
      ["updated", "4", "recommendedSubtasks", null, "0"],
    ]);
    // Expand then asks for the stored count.
    server.script("llama3.2", { content: JSON.stringify(SUBTASKS) });
    await expand(actor, projectId, { ref: "2" });
    expect(userPrompt(1)).toContain("exactly 5 subtasks");
  });

  it("analyses only the given refs", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify({ tasks: [ANALYSIS.tasks[1]] }) });
    const { actor, projectId } = await expenseProject();
    const r = await analyzeComplexity(actor, projectId, { refs: ["3", "#3"] });
    expect(r.draft.tasks.map((t) => t.ref)).toEqual(["3"]);
    expect(userPrompt()).toContain("Analyse these 1 tasks");
  });

  it("repairs string scores, fences and unknown refs, with warnings", async () => {
    await configure(["llama3.2"]);
    const answer = `Here you go:\n${F}json\n${JSON.stringify({
      analysis: [
        { taskId: 2, complexityScore: "8/10", recommendedSubtasks: "4", expansionPrompt: "Flows.", reasoning: "Security." },
        { taskId: "#3", score: 11, recommendedSubtasks: 2, expansionPrompt: "Form.", reasoning: "CRUD." },
        { taskId: "9", complexityScore: 5, recommendedSubtasks: 2, expansionPrompt: "x", reasoning: "y" },
      ],
    })}\n${F}`;
    server.script("llama3.2", { content: answer });
    const { actor, projectId } = await expenseProject();
    const r = await analyzeComplexity(actor, projectId, { apply: true });
    expect(r.draft.tasks.map((t) => [t.ref, t.complexityScore, t.recommendedSubtasks])).toEqual([
      ["3", 10, 2],
      ["2", 8, 4],
    ]);
    expect(r.warnings).toEqual([
      'Read the task list from "analysis"',
      "Read numeric task ids as refs (task 2)",
      "Read a complexity score written as text as a number (task 2)",
      "Read a subtask count written as text as a number (task 2)",
      'Read task ids written like "#3" or "task 3" as refs (task 3)',
      'Read "score" as complexityScore (task 3)',
      "Clamped complexity score 11 to 10 (task 3)",
      "Dropped the analysis of unknown task 9",
      "No analysis came back for task 4",
    ]);
    expect(r.applied!.map((t) => [t.ref, t.complexity])).toEqual([
      ["3", 10],
      ["2", 8],
    ]);
    expect((await getTask(actor, projectId, "4")).complexity).toBeNull();
  });

  it("splits large projects into calls of at most 25 tasks", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await makeProject();
    for (let i = 1; i <= 30; i++) await createTask(actor, projectId, { title: `Task ${i}` });
    const answer = (from: number, to: number) =>
      JSON.stringify({
        tasks: Array.from({ length: to - from + 1 }, (_, k) => ({
          taskId: String(from + k),
          complexityScore: ((from + k) % 10) + 1,
          recommendedSubtasks: 2,
          expansionPrompt: "p",
          reasoning: "r",
        })),
      });
    server.script("llama3.2", [{ content: answer(1, 25) }, { content: answer(26, 30) }]);
    const partials: { step: number; steps: number; refs: string[] }[] = [];
    const r = await analyzeComplexity(actor, projectId, {}, { onPartial: (p) => partials.push(p as never) });
    expect(chats()).toHaveLength(2);
    expect(userPrompt(0)).toContain("Analyse these 25 tasks");
    expect(userPrompt(1)).toContain("Analyse these 5 tasks");
    expect(r.draft.tasks).toHaveLength(30);
    expect(r.draft.tasks.slice(0, 3).map((t) => [t.ref, t.complexityScore])).toEqual([
      ["9", 10],
      ["19", 10],
      ["29", 10],
    ]);
    expect(new Set(partials.map((p) => p.step))).toEqual(new Set([1, 2]));
  });

  it("fits fewer tasks per call into a small context", async () => {
    await configure(["llama3.2"], { numCtx: 2048 });
    const { actor, projectId } = await makeProject();
    for (let i = 1; i <= 6; i++) await createTask(actor, projectId, { title: `Task ${i}`, details: "x".repeat(3000) });
    const answer = (refs: number[]) =>
      JSON.stringify({
        tasks: refs.map((n) => ({ taskId: String(n), complexityScore: 3, recommendedSubtasks: 1, expansionPrompt: "", reasoning: "" })),
      });
    server.script("llama3.2", [{ content: answer([1, 2, 3, 4, 5]) }, { content: answer([6]) }]);
    const r = await analyzeComplexity(actor, projectId, {});
    expect(chats()).toHaveLength(2);
    expect(userPrompt(0).length).toBeLessThan(2048 * 4);
    expect(r.warnings[0]).toBe("Some task details were longer than the model's context allows; only their beginning was used.");
  });

  it("a failing model is an AppError and nothing is written", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { fault: "error-line-mid-stream", content: JSON.stringify(ANALYSIS).match(/.{1,30}/g)!, afterChunks: 3 });
    const { actor, projectId } = await expenseProject();
    const e = await failure(analyzeComplexity(actor, projectId, { apply: true }));
    expect(e.code).toBe("bad_gateway");
    expect(await db.task.count({ where: { projectId, complexity: { not: null } } })).toBe(0);
  });

  it.each([
    [{ threshold: 0 }, 422, "threshold"],
    [{ threshold: 11 }, 422, "threshold"],
    [{ refs: [] }, 422, "refs"],
    [{ refs: ["3.1"] }, 422, "is a subtask"],
    [{ refs: ["2", "77"] }, 404, "Task #77 not found"],
    [{ all: true }, 422, "all"],
  ] as const)("refuses %j before any model call (%i)", async (raw, status, message) => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "A part", parent: "3" });
    const e = await failure(analyzeComplexity(actor, projectId, raw));
    expect(e.status).toBe(status);
    expect(e.message).toContain(message);
    expect(chats()).toHaveLength(0);
  });

  it("with no open task says so before any model call", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Done", status: "done" });
    expect((await failure(analyzeComplexity(actor, projectId, {}))).status).toBe(422);
    expect(chats()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe("update", () => {
  it("drafts a per-task diff: every field before, only the changed ones after", async () => {
    await configure(["llama3.2"]);
    const answer = { tasks: [{ id: "2", title: "User accounts", description: "People sign in with a passkey.", priority: "critical" }] };
    server.script("llama3.2", { content: JSON.stringify(answer) });
    const { actor, projectId } = await expenseProject();
    const r = await updateTasks(actor, projectId, { ref: "2", prompt: "Use passkeys instead of passwords." });
    expect(r).toEqual({
      draft: [
        {
          ref: "2",
          version: 1,
          before: {
            title: "User accounts",
            description: "People sign up and sign in.",
            details: "Use next-auth credentials with scrypt hashes.",
            testStrategy: "Sign up, sign out, sign in.",
            priority: "high",
          },
          after: { description: "People sign in with a passkey.", priority: "critical" },
        },
      ],
      warnings: [],
      model: "llama3.2",
      endpoint: "Local Ollama",
      cached: false,
      role: "fast",
      routedBecause: "no complexity score → fast",
      external: false,
    });
    expect(userPrompt()).toContain("Use passkeys instead of passwords.");
    expect(userPrompt()).toContain("### #2 (status pending, priority high)");
    expect(chatBody().format).toMatchObject({ properties: { tasks: { type: "array" } } });
    expect((await getTask(actor, projectId, "2")).description).toBe("People sign up and sign in.");
  });

  it("runs on the fast model when one is set", async () => {
    await configure(["llama3.2"], {}, ["qwen3:8b"]);
    server.script("qwen3:8b", { content: '{"tasks": []}' });
    const { actor, projectId } = await expenseProject();
    const r = await updateTasks(actor, projectId, { ref: "2", prompt: "Nothing really." });
    expect(r.model).toBe("qwen3:8b");
    expect(r.draft).toEqual([]);
    expect(r.warnings).toEqual(["No change proposed for task #2"]);
  });

  it("from a ref: every task from there on except done ones; a done task is never changed, even when the model proposes it", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    await updateTask(actor, projectId, "3", { status: "done" });
    const answer = {
      tasks: [
        { id: "2", details: "Use WebAuthn." },
        { id: "3", title: "Expense form with passkey prompt" },
        { id: "4", testStrategy: "Export as a passkey user." },
      ],
    };
    server.script("llama3.2", [{ content: JSON.stringify(answer) }, { content: JSON.stringify(answer) }]);
    const r = await updateTasks(actor, projectId, { fromRef: "2", prompt: "Passkeys everywhere." });
    expect(userPrompt()).toContain("### #2");
    expect(userPrompt()).toContain("### #4");
    expect(userPrompt()).not.toContain("### #3");
    expect(userPrompt()).not.toContain("### #1");
    expect(r.draft.map((d) => [d.ref, d.after])).toEqual([
      ["2", { details: "Use WebAuthn." }],
      ["4", { testStrategy: "Export as a passkey user." }],
    ]);
    expect(r.warnings).toEqual(["Ignored changes to a done task (done tasks are never changed) (task #3)"]);

    const done = await db.task.findFirstOrThrow({ where: { projectId, number: 3 } });
    let applied!: Awaited<ReturnType<typeof updateTasks>>;
    const events = await eventsDuring(projectId, async () => {
      applied = await updateTasks(actor, projectId, { fromRef: "2", prompt: "Passkeys everywhere.", apply: true, accept: ["4", "3"] });
    });
    expect(applied.applied!.map((t) => [t.ref, t.testStrategy, t.version])).toEqual([["4", "Export as a passkey user.", 2]]);
    expect(applied.warnings).toContain("Nothing to accept for #3: no change was proposed");
    expect(events).toEqual([["updated", "4", "testStrategy", "", "Export as a passkey user."]]);
    expect(await db.task.findFirstOrThrow({ where: { projectId, number: 3 } })).toEqual(done);
    expect((await getTask(actor, projectId, "2")).details).toBe("Use next-auth credentials with scrypt hashes.");
  });

  it("apply without accept writes every proposed change", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", {
      content: JSON.stringify({
        tasks: [
          { id: "3", title: "Expense form v2" },
          { id: "4", priority: "high" },
        ],
      }),
    });
    const { actor, projectId } = await expenseProject();
    const r = await updateTasks(actor, projectId, { fromRef: "3", prompt: "Second version.", apply: true });
    expect(r.applied!.map((t) => [t.ref, t.title, t.priority])).toEqual([
      ["3", "Expense form v2", "medium"],
      ["4", "CSV export", "high"],
    ]);
  });

  it("never lets the model change refs, dependencies or status", async () => {
    await configure(["llama3.2"]);
    const answer = { tasks: [{ id: "4", title: "CSV and PDF export", status: "done", dependencies: ["1"], subtasks: [] }] };
    server.script("llama3.2", { content: JSON.stringify(answer) });
    const { actor, projectId } = await expenseProject();
    const r = await updateTasks(actor, projectId, { ref: "4", prompt: "Add PDF.", apply: true });
    expect(r.draft.map((d) => d.after)).toEqual([{ title: "CSV and PDF export" }]);
    expect(r.warnings).toEqual(["Ignored fields the update may not change: status, dependencies, subtasks (task #4)"]);
    const t = await getTask(actor, projectId, "4");
    expect([t.ref, t.title, t.status, t.dependencies]).toEqual(["4", "CSV and PDF export", "pending", ["3"]]);
  });

  it("repairs an imperfect answer (fence, other list key, numeric and #-ids, priority words) with warnings", async () => {
    await configure(["llama3.2"]);
    const answer = `${F}json\n${JSON.stringify({
      updates: [
        { id: 2, priority: "Urgent" },
        { taskId: "#4", name: "Export to CSV and PDF", summary: ["PDF too", "CSV as before"] },
        { id: "12", title: "Not offered" },
      ],
    })}\n${F}`;
    server.script("llama3.2", { content: answer });
    const { actor, projectId } = await expenseProject();
    const r = await updateTasks(actor, projectId, { fromRef: "2", prompt: "Add PDF." });
    expect(r.draft.map((d) => [d.ref, d.after])).toEqual([
      ["2", { priority: "critical" }],
      ["4", { title: "Export to CSV and PDF", description: "- PDF too\n- CSV as before" }],
    ]);
    expect(r.warnings).toEqual([
      'Read the task list from "updates"',
      "Read numeric task ids as refs (task #2)",
      'Read priority "Urgent" as critical (task #2)',
      'Read "taskId" as id (task #4)',
      'Read task ids written like "#3" or "task 3" as refs (task #4)',
      'Read "name" as title (task #4)',
      'Read "summary" as description (task #4)',
      "Read a description that was not text as text (task #4)",
      "Dropped changes to a task that was not in the list (task #12)",
      "No change proposed for task #3",
    ]);
  });

  it("a stale draft is a conflict: the task changed while the model was answering", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify({ tasks: [{ id: "4", title: "Export" }] }), firstTokenDelayMs: 300 });
    const { actor, projectId } = await expenseProject();
    const job = updateTasks(actor, projectId, { ref: "4", prompt: "Shorter title.", apply: true });
    await new Promise((r) => setTimeout(r, 100));
    await updateTask(actor, projectId, "4", { description: "Edited meanwhile." });
    const e = await failure(job);
    expect(e.code).toBe("conflict");
    expect((await getTask(actor, projectId, "4")).title).toBe("CSV export");
  });

  it("a failing model is an AppError and nothing is written", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", {
      fault: "error-line-mid-stream",
      content: '{"tasks": [{"id": "2", "title": "Changed"}]}'.match(/.{1,10}/g)!,
      afterChunks: 2,
    });
    const { actor, projectId } = await expenseProject();
    const before = await snapshot(projectId);
    const e = await failure(updateTasks(actor, projectId, { fromRef: "2", prompt: "Change it.", apply: true }));
    expect(e.code).toBe("bad_gateway");
    expect(await snapshot(projectId)).toEqual(before);
  });

  it.each([
    [{ ref: "2", fromRef: "3", prompt: "Change it." }, 422, "Give exactly one of ref or fromRef"],
    [{ prompt: "Change it." }, 422, "Give exactly one of ref or fromRef"],
    [{ ref: "2" }, 422, "prompt"],
    [{ ref: "2", prompt: "  " }, 422, "Say what should change"],
    [{ ref: "1", prompt: "Change it." }, 422, "#1 is done"],
    [{ fromRef: "3.1", prompt: "Change it." }, 422, "is a subtask"],
    [{ ref: "42", prompt: "Change it." }, 404, "Task #42 not found"],
    [{ fromRef: "42", prompt: "Change it." }, 404, "Task #42 not found"],
    [{ ref: "2", prompt: "Change it.", accept: ["x"] }, 422, "accept"],
  ] as const)("refuses %j before any model call (%i)", async (raw, status, message) => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    await createTask(actor, projectId, { title: "A part", parent: "3" });
    const e = await failure(updateTasks(actor, projectId, raw));
    expect(e.status).toBe(status);
    expect(e.message).toContain(message);
    expect(chats()).toHaveLength(0);
  });

  it("from a ref where everything left is done says so before any model call", async () => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    await updateTask(actor, projectId, "4", { status: "done" });
    expect((await failure(updateTasks(actor, projectId, { fromRef: "4", prompt: "Change it." }))).status).toBe(422);
    expect(chats()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

const NEW_TASK = {
  title: "Receipt upload",
  description: "Attach a photo of the receipt to an expense.",
  details: "Store files under data/receipts; limit 10 MB.",
  testStrategy: "Upload a JPEG and see it on the expense.",
  priority: "medium",
  dependencies: ["3"],
};

describe("add task", () => {
  it("drafts one task with suggested dependencies; the model sees the existing tasks compactly", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(NEW_TASK) });
    const { actor, projectId } = await expenseProject();
    const r = await addTask(actor, projectId, { prompt: "Let people attach receipts to expenses." });
    expect(r).toEqual({
      draft: NEW_TASK,
      warnings: [],
      model: "llama3.2",
      endpoint: "Local Ollama",
      cached: false,
      role: "fast",
      routedBecause: "add-task → fast",
      external: false,
    });
    expect(userPrompt()).toContain("Let people attach receipts to expenses.");
    expect(userPrompt()).toContain(
      "#1 Set up the project (done)\n#2 User accounts (pending)\n#3 Expense form (pending)\n#4 CSV export (pending)",
    );
    expect(chatBody().format).toMatchObject({ properties: { title: { type: "string" }, dependencies: { type: "array" } } });
    expect(await taskCount(projectId)).toBe(4);
  });

  it("apply creates the task with the next number, its dependencies and history", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify({ ...NEW_TASK, dependencies: ["3", "2"] }) });
    const { actor, projectId } = await expenseProject();
    let r!: Awaited<ReturnType<typeof addTask>>;
    const events = await eventsDuring(projectId, async () => {
      r = await addTask(actor, projectId, { prompt: "Let people attach receipts to expenses.", apply: true });
    });
    const t = r.applied!;
    expect([t.ref, t.parent, t.title, t.description, t.details, t.testStrategy, t.priority, t.status, t.source, t.dependencies]).toEqual([
      "5",
      null,
      NEW_TASK.title,
      NEW_TASK.description,
      NEW_TASK.details,
      NEW_TASK.testStrategy,
      "medium",
      "pending",
      "ai",
      ["3", "2"],
    ]);
    expect(events).toEqual([
      ["created", "5", "status", null, JSON.stringify({ title: "Receipt upload", status: "pending" })],
      ["dependency_added", "5", "dependencies", null, "2"],
      ["dependency_added", "5", "dependencies", null, "3"],
    ]);
  });

  it("runs on the fast model when one is set", async () => {
    await configure(["llama3.2"], {}, ["qwen3:8b"]);
    server.script("qwen3:8b", { content: JSON.stringify(NEW_TASK) });
    const { actor, projectId } = await expenseProject();
    expect((await addTask(actor, projectId, { prompt: "Receipts." })).model).toBe("qwen3:8b");
  });

  it("repairs an imperfect answer: wrapper, fence, priority word, dependencies as #refs, numbers, titles and unknown refs", async () => {
    await configure(["llama3.2"]);
    const answer = `${F}json\n${JSON.stringify({
      task: { ...NEW_TASK, id: 5, status: "in-progress", priority: "High", dependencies: ["#2", 3, "CSV export", 99, "soon"] },
    })}\n${F}`;
    server.script("llama3.2", { content: answer });
    const { actor, projectId } = await expenseProject();
    const r = await addTask(actor, projectId, { prompt: "Receipts.", apply: true });
    expect(r.draft).toEqual({ ...NEW_TASK, priority: "high", dependencies: ["2", "3", "4"] });
    expect(r.warnings).toEqual([
      'Read the task from "task"',
      'Read priority "High" as high',
      "Ignored fields a new task does not take from the model: status",
      'Matched a dependency by title ("CSV export" is #4)',
      "Dropped a suggested dependency on #99, which does not exist",
      'Dropped a suggested dependency that is not a task ref ("soon")',
    ]);
    expect([r.applied!.ref, r.applied!.status, r.applied!.dependencies]).toEqual(["5", "pending", ["2", "3", "4"]]);
  });

  it("keeps the most related tasks when the list does not fit the context", async () => {
    await configure(["llama3.2"], { numCtx: 2048 });
    const { actor, projectId } = await makeProject();
    for (let i = 1; i <= 120; i++)
      await createTask(actor, projectId, { title: `Chore number ${i} with a fairly long title to fill the context` });
    await createTask(actor, projectId, { title: "Receipt storage bucket" });
    server.script("llama3.2", { content: JSON.stringify({ ...NEW_TASK, dependencies: ["121"] }) });
    const r = await addTask(actor, projectId, { prompt: "Upload receipt photos." });
    expect(userPrompt()).toContain("#121 Receipt storage bucket (pending)");
    expect(userPrompt()).toMatch(/\(\d+ more tasks are not shown\)/);
    expect(r.warnings[0]).toMatch(/^The project has more tasks than fit the model's context; it saw the \d+ most related of 121\.$/);
    expect(r.draft.dependencies).toEqual(["121"]);
  });

  it("an answer without a title is retried once with the problem, then used", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", [{ content: JSON.stringify({ description: "no title" }) }, { content: JSON.stringify(NEW_TASK) }]);
    const { actor, projectId } = await expenseProject();
    const r = await addTask(actor, projectId, { prompt: "Receipts." });
    expect(r.draft.title).toBe("Receipt upload");
    expect(chatBody(1).messages.at(-1)!.content).toContain("could not be used");
  });

  it("a failing model is an AppError and nothing is written", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { fault: "error-line-mid-stream", content: JSON.stringify(NEW_TASK).match(/.{1,20}/g)!, afterChunks: 3 });
    const { actor, projectId } = await expenseProject();
    const e = await failure(addTask(actor, projectId, { prompt: "Receipts.", apply: true }));
    expect(e.code).toBe("bad_gateway");
    expect(await taskCount(projectId)).toBe(4);
  });

  it.each([
    [{}, "prompt"],
    [{ prompt: " a " }, "Describe the task to add"],
    [{ prompt: "Receipts.", dependencies: ["2"] }, "dependencies"],
  ] as const)("refuses %j before any model call", async (raw, message) => {
    await configure(["llama3.2"]);
    const { actor, projectId } = await expenseProject();
    const e = await failure(addTask(actor, projectId, raw));
    expect(e.status).toBe(422);
    expect(e.message).toContain(message);
    expect(chats()).toHaveLength(0);
  });
});

describe("job registry", () => {
  it("runs each job by name and names the available ones for an unknown job", async () => {
    await configure(["llama3.2"]);
    server.script("llama3.2", { content: JSON.stringify(NEW_TASK) });
    const { actor, projectId } = await expenseProject();
    expect(((await runAiJob(actor, projectId, "add-task", { prompt: "Receipts." }, {})) as { draft: unknown }).draft).toEqual(NEW_TASK);
    const e = await failure(Promise.resolve().then(() => runAiJob(actor, projectId, "summarise", {}, {})));
    expect(e.message).toBe('Unknown AI job "summarise". Available: parse-prd, expand, analyze-complexity, update, add-task');
  });
});
