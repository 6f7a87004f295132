import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { resetCoolDowns } from "@/lib/ai/providers";
import { updateAiSettings } from "@/lib/ai/settings";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createTask } from "@/lib/tasks/create-task";
import { deleteTask } from "@/lib/tasks/delete-task";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { getProjectOverview } from "@/lib/tasks/overview";
import { updateTask } from "@/lib/tasks/update-task";
import { addMember, makeProject, makeUser } from "@/lib/test/factories";
import { generateReport } from "./generate-report";
import { getReport } from "./get-report";
import { listReports } from "./list-reports";
import { escapeInline } from "./markdown";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const reportCount = (projectId: string) => db.report.count({ where: { projectId } });

/** Runs `step` with the clock (Date only: timers run normally) set to `iso`. */
async function on<T>(iso: string, step: () => Promise<T>): Promise<T> {
  vi.setSystemTime(new Date(iso));
  return step();
}

/**
 * Written through the real services, a day at a time, in March 2026 (UTC):
 * 1 Mar: #1 Foundation, #2 Schema ← 1, #3 API ← 2, #4 Legacy importer, #5 Docs ← 4; #2.1, #2.2 under #2.
 * 3 Mar #1 done · 4 Mar #2 in progress · 5 Mar #1 reopened · 6 Mar #1 done again · 7 Mar #4 cancelled ·
 * 8 Mar #6 created · 9 Mar #6 deleted · 10 Mar #2.1 done, #3 scored 9, #5 renamed.
 */
async function marchProject(owner?: Actor) {
  return on("2026-03-01T09:00:00Z", async () => {
    const { actor, projectId } = await makeProject(owner);
    const add = (raw: Record<string, unknown>) => createTask(actor, projectId, raw);
    await add({ title: "Foundation" });
    await add({ title: "Schema", dependencies: ["1"] });
    await add({ title: "API", dependencies: ["2"] });
    await add({ title: "Legacy importer" });
    await add({ title: "Docs", dependencies: ["4"] });
    await add({ title: "Tables", parent: "2" });
    await add({ title: "Indexes", parent: "2" });
    const set = (ref: string, changes: Record<string, unknown>) => updateTask(actor, projectId, ref, changes);
    await on("2026-03-03T10:00:00Z", () => set("1", { status: "done" }));
    await on("2026-03-04T10:00:00Z", () => set("2", { status: "in-progress" }));
    await on("2026-03-05T10:00:00Z", () => set("1", { status: "pending" }));
    await on("2026-03-06T10:00:00Z", () => set("1", { status: "done" }));
    await on("2026-03-07T10:00:00Z", () => set("4", { status: "cancelled" }));
    await on("2026-03-08T10:00:00Z", () => add({ title: "Temporary" }));
    await on("2026-03-09T10:00:00Z", () => deleteTask(actor, projectId, "6"));
    await on("2026-03-10T10:00:00Z", async () => {
      await set("2.1", { status: "done" });
      await set("3", { complexity: 9 });
      await set("5", { title: "Docs, rewritten" });
    });
    return { actor, projectId };
  });
}

describe("generateReport against the database", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("replays history written by the task services into exact figures, and saves the report", async () => {
    const { actor, projectId } = await marchProject();
    const report = await on("2026-03-12T12:00:00Z", () => generateReport(actor, projectId, { from: "2026-03-02", to: "2026-03-12" }));
    const s = report.stats;

    expect(report).toMatchObject({
      projectId,
      periodFrom: "2026-03-02T00:00:00.000Z",
      periodTo: "2026-03-12T23:59:59.999Z",
      createdAt: "2026-03-12T12:00:00.000Z",
      authorId: actor.userId,
      narrative: null,
      model: null,
      hasNarrative: false,
      narrativeError: null,
    });
    expect(s.tasks).toEqual({
      scopeAtStart: 5,
      doneAtStart: 0,
      scopeAtEnd: 4,
      doneAtEnd: 1,
      percentAtEnd: 25,
      completed: 1,
      completions: 2,
      reopened: 1,
      added: 1,
      imported: 0,
      deleted: 1,
      cancelled: 1,
    });
    expect(s.subtasks).toEqual({
      scopeAtStart: 2,
      doneAtStart: 0,
      scopeAtEnd: 2,
      doneAtEnd: 1,
      percentAtEnd: 50,
      completed: 1,
      completions: 1,
      reopened: 0,
      added: 0,
      imported: 0,
      deleted: 0,
      cancelled: 0,
    });
    expect(s.burnup.map((d) => [d.day.slice(8), d.scope, d.done])).toEqual([
      ["02", 5, 0],
      ["03", 5, 1],
      ["04", 5, 1],
      ["05", 5, 0],
      ["06", 5, 1],
      ["07", 4, 1],
      ["08", 5, 1],
      ["09", 4, 1],
      ["10", 4, 1],
      ["11", 4, 1],
      ["12", 4, 1],
    ]);
    expect(s.throughput).toEqual([
      { week: "2026-W10", weekStart: "2026-03-02", days: 7, tasks: 1, subtasks: 0 },
      { week: "2026-W11", weekStart: "2026-03-09", days: 4, tasks: 0, subtasks: 1 },
    ]);
    expect(s.done.items.map((d) => [d.ref, d.title, d.completedAt])).toEqual([
      ["1", "Foundation", "2026-03-06T10:00:00.000Z"],
      ["2.1", "Tables", "2026-03-10T10:00:00.000Z"],
    ]);
    // #2 followed its first finished subtask into… in progress, where it already was.
    expect(s.inProgress.items).toEqual([{ ref: "2", title: "Schema", status: "in-progress", since: "2026-03-04T10:00:00.000Z" }]);
    expect(s.blocked.items.map((b) => [b.ref, b.blockedBy.map((x) => x.ref)])).toEqual([["3", ["2"]]]);
    expect(s.next.task?.ref).toBe("2.2");
    expect(s.ready.items.map((t) => t.ref)).toEqual(["2", "2.2", "5"]);
    expect(s.risks.complex.items).toEqual([{ ref: "3", title: "API", status: "pending", complexity: 9 }]);
    expect(s.risks.stale.items).toEqual([{ ref: "2", title: "Schema", status: "in-progress", since: "2026-03-04T10:00:00.000Z", days: 8 }]);
    expect(s.risks.cancelledPrerequisites.items).toEqual([
      { ref: "4", title: "Legacy importer", dependents: [{ ref: "5", title: "Docs, rewritten", status: "pending" }] },
    ]);

    // The figures at the end of a period reaching today agree with the overview.
    const overview = await getProjectOverview(actor, projectId);
    expect([s.tasks.doneAtEnd, s.tasks.scopeAtEnd]).toEqual([overview.completion.tasks.done, overview.completion.tasks.total]);
    expect([s.subtasks.doneAtEnd, s.subtasks.scopeAtEnd]).toEqual([overview.completion.subtasks.done, overview.completion.subtasks.total]);

    const row = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(row.markdown).toBe(report.markdown);
    expect(JSON.parse(row.stats)).toEqual(s);
    expect(report.markdown).toContain("| Completed in the period | 1 | 1 |");
    expect(report.markdown).toContain("- #2 Schema — 8 days, since 2026-03-04");
    expect(await getReport(actor, projectId, report.id)).toEqual(report);
  });

  it("defaults to the 14 days up to now and reads days in the given time zone", async () => {
    const { actor, projectId } = await marchProject();
    const report = await on("2026-03-12T12:00:00Z", () => generateReport(actor, projectId, {}));
    expect([report.periodFrom, report.periodTo]).toEqual(["2026-02-26T12:00:00.000Z", "2026-03-12T12:00:00.000Z"]);
    expect(report.stats.period).toMatchObject({ firstDay: "2026-02-26", lastDay: "2026-03-12", days: 15, timeZone: "UTC" });
    // Created on 1 March, inside the default period: everything was added in it.
    expect(report.stats.tasks).toMatchObject({ scopeAtStart: 0, added: 6, deleted: 1 });

    const tokyo = await on("2026-03-12T12:00:00Z", () =>
      generateReport(actor, projectId, { from: "2026-03-03", to: "2026-03-03", timeZone: "Asia/Tokyo" }),
    );
    // 3 March in Tokyo is 2 March 15:00 to 3 March 15:00 UTC: #1's completion at 10:00 UTC is in it.
    expect([tokyo.periodFrom, tokyo.periodTo]).toEqual(["2026-03-02T15:00:00.000Z", "2026-03-03T14:59:59.999Z"]);
    expect(tokyo.stats.burnup).toEqual([{ day: "2026-03-03", scope: 5, done: 1 }]);
    expect(tokyo.markdown).toContain("(1 day, Asia/Tokyo)");
  });

  it("counts imported tasks into the scope and imported done tasks as done, but not as completed", async () => {
    const actor = await makeUser();
    const file = {
      master: {
        tasks: [
          { id: 1, title: "Already built", status: "done", dependencies: [], subtasks: [] },
          {
            id: 2,
            title: "Half way",
            status: "in-progress",
            dependencies: [1],
            subtasks: [
              { id: 1, title: "Part one", status: "done", dependencies: [] },
              { id: 2, title: "Part two", status: "pending", dependencies: [] },
            ],
          },
          { id: 3, title: "Not started", status: "pending", dependencies: [2], subtasks: [] },
        ],
        metadata: { projectName: "Imported plan" },
      },
    };
    const { projects } = await on("2026-03-02T08:00:00Z", () => importTaskMaster(actor, file));
    const projectId = projects[0]!.id;
    await on("2026-03-04T08:00:00Z", () => updateTask(actor, projectId, "2.2", { status: "done" }));
    const report = await on("2026-03-05T08:00:00Z", () => generateReport(actor, projectId, { from: "2026-03-01", to: "2026-03-05" }));
    expect(report.stats.tasks).toEqual({
      scopeAtStart: 0,
      doneAtStart: 0,
      scopeAtEnd: 3,
      doneAtEnd: 2,
      percentAtEnd: 66,
      // #2 followed its last subtask to done: a completion. #1 came in done: not one.
      completed: 1,
      completions: 1,
      reopened: 0,
      added: 3,
      imported: 3,
      deleted: 0,
      cancelled: 0,
    });
    expect(report.stats.subtasks).toMatchObject({ scopeAtEnd: 2, doneAtEnd: 2, completed: 1, added: 2, imported: 2 });
    // The plan began as an import on 03-02: the chart starts there, not at zero the day before.
    expect(report.stats.burnup.map((d) => [d.day, d.scope, d.done])).toEqual([
      ["2026-03-02", 3, 1],
      ["2026-03-03", 3, 1],
      ["2026-03-04", 3, 2],
      ["2026-03-05", 3, 2],
    ]);
    expect(report.stats.done.items.map((d) => d.ref)).toEqual(["2.2", "2"]);
    expect(report.markdown).toContain("The plan was imported on 2026-03-02, so the chart starts that day");
  });

  const BAD: [string, unknown, RegExp][] = [
    [
      "from after to",
      { from: "2026-03-10", to: "2026-03-01" },
      /^from must not be after to: 2026-03-10T00:00:00.000Z is after 2026-03-01T23:59:59.999Z$/,
    ],
    ["a word for a date", { from: "yesterday" }, /^from: "yesterday" is not a valid date/],
    ["a date that does not exist", { to: "2026-02-30" }, /^to: "2026-02-30" is not a valid date/],
    ["a date-time without an offset", { from: "2026-03-01T10:00:00" }, /^from: .* is not a valid date/],
    ["a date before 1970", { from: "1969-12-31" }, /^from: "1969-12-31" is out of range/],
    [
      "more than three years",
      { from: "2023-01-01", to: "2026-03-01" },
      /^The period is 1156 days long; reports cover at most three years \(1096 days\)$/,
    ],
    ["a period in the future", { from: "2026-04-01", to: "2026-04-30" }, /^The period starts in the future/],
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }, /^timeZone: "Mars\/Olympus_Mons" is not a known time zone/],
    ["narrative not a boolean", { narrative: "yes" }, /^narrative: /],
    ["an unknown field", { since: "2026-03-01" }, /since/],
    ["a number for a date", { from: 20260301 }, /^from: /],
    ["an array body", [], /expected object/],
  ];
  it.each(BAD)("answers %s with 422 and saves nothing", async (_name, body, message) => {
    const { actor, projectId } = await on("2026-03-01T09:00:00Z", () => makeProject());
    const e = await on("2026-03-12T12:00:00Z", () => failure(generateReport(actor, projectId, body)));
    expect([e.code, e.status]).toEqual(["invalid", 422]);
    expect(e.message).toMatch(message);
    expect(await reportCount(projectId)).toBe(0);
  });
});

describe("report history and access", () => {
  it("lets viewers generate and read, a read-only token only read; hides reports from non-members and other projects", async () => {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Something" });
    const viewer = await makeUser();
    await addMember(actor, projectId, viewer, "viewer");
    const first = await generateReport(actor, projectId, {});
    const second = await generateReport(viewer, projectId, { narrative: false });
    // Generating saves a report and may call the model: a write, whatever the role.
    await expect(generateReport({ ...viewer, tokenScopes: ["read"] }, projectId, {})).rejects.toMatchObject({ code: "forbidden" });
    const third = await generateReport({ ...viewer, tokenScopes: ["read", "write"] }, projectId, {});
    const list = await listReports(viewer, projectId);
    expect(list.map((r) => r.id)).toEqual([third.id, second.id, first.id]);
    expect(list[1]).toEqual({
      id: second.id,
      periodFrom: second.periodFrom,
      periodTo: second.periodTo,
      createdAt: second.createdAt,
      authorId: viewer.userId,
      authorName: second.authorName,
      model: null,
      hasNarrative: false,
    });
    expect(second.authorName).toMatch(/^User /);
    expect((await listReports(actor, projectId, { limit: "2" })).map((r) => r.id)).toEqual([third.id, second.id]);
    expect((await getReport(viewer, projectId, first.id)).markdown).toBe(first.markdown);

    const stranger = await makeUser();
    expect((await failure(generateReport(stranger, projectId, {}))).code).toBe("not_found");
    expect((await failure(listReports(stranger, projectId))).code).toBe("not_found");
    expect((await failure(getReport(stranger, projectId, first.id))).code).toBe("not_found");
    const other = await makeProject(actor);
    expect((await failure(getReport(actor, other.projectId, first.id))).code).toBe("not_found");
    expect((await failure(getReport(actor, projectId, "no-such-report"))).code).toBe("not_found");
    expect(await reportCount(projectId)).toBe(3);
  });
});

describe("AI narrative", () => {
  type Server = Awaited<ReturnType<typeof startOllamaServer>>;
  let server: Server;
  const admin = { userId: "system", isAdmin: true };
  const chats = () => server.requestsTo("/api/chat");
  const chatBody = (i = 0) =>
    chats()[i]!.body as { model: string; messages: { role: string; content: string }[]; format: Record<string, unknown> };

  beforeAll(async () => {
    server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0 } } as never);
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    resetCoolDowns();
    const link = (model: string) => ({ endpointId: "local", model });
    await updateAiSettings(admin, {
      endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: server.url }],
      roles: { main: [link("llama3.2")], fast: [link("qwen3:8b")], fallback: [] },
      cacheTtlSeconds: 0,
      firstTokenTimeoutMs: 5_000,
      idleTimeoutMs: 5_000,
    });
  });

  async function smallProject() {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Schema", status: "done" });
    await createTask(actor, projectId, { title: "API", dependencies: ["1"] });
    return { actor, projectId };
  }

  it("asks the fast model with the computed figures and puts its words in their own section", async () => {
    const { actor, projectId } = await smallProject();
    server.script("qwen3:8b", { content: JSON.stringify({ narrative: "The schema is done.\nThe API is next." }) });
    const report = await generateReport(actor, projectId, { narrative: true });
    expect(report).toMatchObject({
      narrative: "The schema is done.\nThe API is next.",
      model: "qwen3:8b",
      hasNarrative: true,
      narrativeError: null,
    });
    expect(
      report.markdown.endsWith(
        "## Narrative (AI-written)\n\n" +
          "_Written by the model qwen3:8b from the figures above. The figures are computed from the project's history; this text is not, so check it against them._\n\n" +
          "> The schema is done.\n> The API is next.\n",
      ),
    ).toBe(true);
    expect(chats()).toHaveLength(1);
    const body = chatBody();
    expect(body.model).toBe("qwen3:8b");
    expect(body.format).toMatchObject({ type: "object", properties: { narrative: { type: "string" } }, required: ["narrative"] });
    const prompt = body.messages.find((m) => m.role === "user")!.content;
    expect(prompt).toContain("Top-level tasks: scope 0 → 2, done 0 → 1 (50%), completed in the period 1");
    expect(prompt).toContain("Next up: #2 API");
    const run = await db.aiRun.findFirstOrThrow({ where: { projectId, job: "report-narrative" } });
    expect([run.model, run.outcome]).toEqual(["qwen3:8b", "ok"]);
    expect((await listReports(actor, projectId))[0]).toMatchObject({ id: report.id, model: "qwen3:8b", hasNarrative: true });
  });

  it("still saves the report with its figures when the model fails, saying why", async () => {
    const { actor, projectId } = await smallProject();
    const plain = await generateReport(actor, projectId, {});
    server.script("qwen3:8b", { status: 503, error: "server busy, please try again" });
    const report = await generateReport(actor, projectId, { narrative: true });
    expect(report.narrative).toBeNull();
    expect(report.model).toBeNull();
    expect(report.narrativeError).toBe("No AI model could be reached. Local Ollama answered HTTP 503: server busy, please try again.");
    expect(
      report.markdown.endsWith(
        `\n## Narrative (AI-written)\n\n_The narrative could not be written: ${escapeInline(report.narrativeError!)} The figures above are complete._\n`,
      ),
    ).toBe(true);
    // The figures are all there, the same as in the report made without asking for a narrative.
    const headings = (md: string) => md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings(report.markdown)).toEqual([...headings(plain.markdown), "## Narrative (AI-written)"]);
    expect([report.stats.tasks, report.stats.subtasks, report.stats.burnup]).toEqual([
      plain.stats.tasks,
      plain.stats.subtasks,
      plain.stats.burnup,
    ]);
    const saved = await getReport(actor, projectId, report.id);
    expect(saved.narrativeError).toBe(report.narrativeError);
    expect(saved.stats).toEqual(report.stats);
  });

  it("reports an unusable answer as the reason, after one corrective retry", async () => {
    const { actor, projectId } = await smallProject();
    server.script("qwen3:8b", [{ content: "{}" }, { content: JSON.stringify({ narrative: "   " }) }]);
    const report = await generateReport(actor, projectId, { narrative: true });
    expect(chats()).toHaveLength(2);
    expect(report.narrativeError).toMatch(
      /^The models answered, but not with a usable result\. qwen3:8b: The answer has no narrative text/,
    );
    expect(report.narrativeError).not.toContain("Nothing was written");
    expect(report.markdown).toContain("_The narrative could not be written: The models answered, but not with a usable result.");
    expect(await reportCount(projectId)).toBe(1);
  });
});
