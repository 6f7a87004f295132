import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { MAX_JSON_DEPTH, MAX_SUBTASK_DEPTH, normalizeTaskMasterFile, type NormalizedProject, type NormalizedTask } from "./normalize";

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8"));

/** A plain Task Master task; `extra` overrides or adds fields. */
const tm = (id: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Task ${String(id)}`,
  description: "",
  details: "",
  testStrategy: "",
  status: "pending",
  priority: "medium",
  dependencies: [],
  ...extra,
});

/** Normalises a legacy single-list file and returns its one project. */
function one(tasks: unknown[]): NormalizedProject {
  const out = normalizeTaskMasterFile({ tasks });
  expect(out).toHaveLength(1);
  return out[0]!;
}

const refOf = (t: NormalizedTask) => (t.subNumber ? `${t.number}.${t.subNumber}` : String(t.number));
const refs = (p: NormalizedProject) => p.tasks.map(refOf);
const byRef = (p: NormalizedProject, ref: string) => {
  const t = p.tasks.find((x) => refOf(x) === ref);
  if (!t) throw new Error(`no task #${ref}; have ${refs(p).join(", ")}`);
  return t;
};
const deps = (p: NormalizedProject) => Object.fromEntries(p.tasks.map((t) => [refOf(t), t.dependencies]));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected a throw");
}

describe("file shape", () => {
  it.each([null, 42, "tasks", [tm(1)]])("refuses %j: not an object", (input) => {
    const e = thrown(() => normalizeTaskMasterFile(input));
    expect(e.code).toBe("invalid");
    expect(e.message).toBe('This is not a Task Master tasks file: expected {"tasks": [...]} or tags such as {"master": {"tasks": [...]}}');
  });

  it.each([{}, { master: {} }, { master: { tasks: "none" } }, { tasks: { 1: tm(1) } }])("refuses %j: no tag with a task list", (input) => {
    const e = thrown(() => normalizeTaskMasterFile(input));
    expect(e.message).toBe('No task list found: expected {"tasks": [...]} or tags such as {"master": {"tasks": [...]}}');
  });

  it("refuses more than 20,000 tasks across all tags, counting subtasks at every depth", () => {
    const big = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, subtasks: [{ id: 1, subtasks: [{ id: 1 }] }] }));
    const e = thrown(() => normalizeTaskMasterFile({ master: { tasks: big(3_334) }, other: { tasks: big(3_334) } }));
    expect(e.message).toBe("This file has 20,004 tasks; Cairn imports at most 20,000 at once");
  });

  it('reads a legacy untagged file as the master tag named "Imported plan"', () => {
    const [p, ...rest] = normalizeTaskMasterFile({ tasks: [tm(1)] });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ tag: "master", name: "Imported plan", description: "", warnings: [] });
  });

  it('takes the name from metadata.projectName, then metadata.name, then the tag; legacy "meta" too', () => {
    const out = normalizeTaskMasterFile({
      master: { tasks: [], metadata: { projectName: "  Shop rewrite ", name: "ignored", description: "Q3 work" } },
      "feature-x": { tasks: [], metadata: { name: "Feature X" } },
      spike: { tasks: [] },
      master2: { tasks: [], metadata: { projectName: "   ", description: 7 } },
    });
    expect(out.map((p) => [p.tag, p.name, p.description])).toEqual([
      ["master", "Shop rewrite", "Q3 work"],
      ["feature-x", "Feature X", ""],
      ["spike", "spike", ""],
      ["master2", "master2", ""],
    ]);
    const [legacy] = normalizeTaskMasterFile({ meta: { projectName: "Old CLI plan", description: "from 0.9" }, tasks: [] });
    expect(legacy).toMatchObject({ tag: "master", name: "Old CLI plan", description: "from 0.9", warnings: [] });
  });

  it("cuts an over-long project name and description with warnings", () => {
    const [p] = normalizeTaskMasterFile({
      master: { tasks: [], metadata: { projectName: "n".repeat(130), description: "d".repeat(5_001) } },
    });
    expect(p!.name).toBe("n".repeat(120));
    expect(p!.description).toHaveLength(5_000);
    expect(p!.warnings).toEqual(["Project name was 130 characters; cut to 120", "Project description was 5,001 characters; cut to 5,000"]);
  });

  it("reports stray top-level keys on the first project and keeps unknown keys of a tag on that tag", () => {
    const out = normalizeTaskMasterFile({
      version: "0.18.0",
      master: { tasks: [], metadata: {}, settings: { model: "x" } },
      notes: { text: "no tasks here" },
      beta: { tasks: [tm(1)] },
    });
    expect(out.map((p) => p.tag)).toEqual(["master", "beta"]);
    expect(out[0]!.warnings).toEqual([
      'Top-level field "version" is not a tag with a task list; skipped',
      'Top-level field "notes" is not a tag with a task list; skipped',
    ]);
    expect(out[0]!.keep).toEqual({ fields: { settings: { model: "x" } } });
    expect(out[1]!.warnings).toEqual([]);
    expect(out[1]!.keep).toBeNull();
  });

  it("keeps extra tags next to a legacy list, but not a second master", () => {
    const out = normalizeTaskMasterFile({ tasks: [tm(1)], master: { tasks: [tm(9)] }, later: { tasks: [tm(2)] } });
    expect(out.map((p) => [p.tag, refs(p)])).toEqual([
      ["master", ["1"]],
      ["later", ["2"]],
    ]);
    expect(out[0]!.warnings).toEqual(['Tag "master" skipped: the file\'s top-level task list already is the master tag']);
  });

  it("skips entries that are not task objects, with a warning", () => {
    const p = one([tm(1), "TODO: analytics", null, tm(2, { subtasks: [42, { id: 1, title: "Real" }] })]);
    expect(refs(p)).toEqual(["1", "2", "2.1"]);
    expect(p.warnings).toEqual([
      'Entry 2 in the task list is not a task ("TODO: analytics"); skipped',
      "Entry 3 in the task list is not a task (null); skipped",
      "#2: subtask entry 1 is not a task (42); skipped",
    ]);
  });
});

describe("fields", () => {
  it("maps a complete task field for field, Cairn's extras included", () => {
    const p = one([
      tm(1),
      tm(2, {
        title: "  Add OAuth login ",
        description: "GitHub and Google",
        details: "Use PKCE.\nStore refresh tokens encrypted.",
        testStrategy: "Sign in with both providers.",
        status: "review",
        priority: "critical",
        dependencies: [1],
        complexity: 6,
        recommendedSubtasks: 4,
        expansionPrompt: "One subtask per provider",
        complexityReasoning: "Two providers, token storage",
        assignee: "sam@example.com",
        dueDate: "2025-09-30",
        labels: ["auth", "security"],
      }),
    ]);
    expect(p.warnings).toEqual([]);
    expect(byRef(p, "2")).toEqual({
      number: 2,
      subNumber: 0,
      title: "Add OAuth login",
      description: "GitHub and Google",
      details: "Use PKCE.\nStore refresh tokens encrypted.",
      testStrategy: "Sign in with both providers.",
      acceptanceCriteria: "",
      status: "review",
      priority: "critical",
      dependencies: ["1"],
      complexity: 6,
      recommendedSubtasks: 4,
      expansionPrompt: "One subtask per provider",
      complexityReasoning: "Two providers, token storage",
      assignee: "sam@example.com",
      dueDate: "2025-09-30",
      labels: ["auth", "security"],
      extra: null,
    } satisfies NormalizedTask);
  });

  it("treats null and missing fields as empty without warnings", () => {
    const p = one([
      {
        id: 1,
        title: "Only a title",
        description: null,
        details: null,
        testStrategy: null,
        status: null,
        priority: null,
        dependencies: null,
        subtasks: null,
        complexity: null,
        labels: null,
        assignee: null,
        dueDate: null,
        notes: null,
      },
    ]);
    expect(p.warnings).toEqual([]);
    expect(p.tasks).toEqual([
      {
        number: 1,
        subNumber: 0,
        title: "Only a title",
        description: "",
        details: "",
        testStrategy: "",
        status: "pending",
        priority: "medium",
        dependencies: [],
        complexity: null,
        recommendedSubtasks: null,
        expansionPrompt: null,
        complexityReasoning: null,
        assignee: null,
        dueDate: null,
        labels: [],
        acceptanceCriteria: "",
        extra: { notes: null },
      },
    ]);
  });

  it('names a task without a title from the first line of its description, else "Untitled task N"', () => {
    const p = one([
      tm(1, { title: null, description: "\n  Set up Sentry error tracking  \nSource maps too." }),
      tm(2, { title: "   ", description: "" }),
      tm(3, { subtasks: [{ id: 1 }] }),
    ]);
    expect([byRef(p, "1").title, byRef(p, "2").title, byRef(p, "3.1").title]).toEqual([
      "Set up Sentry error tracking",
      "Untitled task 2",
      "Untitled task 3.1",
    ]);
    expect(p.warnings).toEqual([
      "#1: no title; used the first line of the description",
      '#2: no title; named it "Untitled task 2"',
      '#3.1: no title; named it "Untitled task 3.1"',
    ]);
  });

  it("cuts over-long text to Cairn's limits, never splitting a surrogate pair", () => {
    const p = one([
      tm(1, {
        title: `${"t".repeat(299)}😀 and more`,
        description: "d".repeat(20_001),
        details: "x".repeat(100_500),
        testStrategy: "s".repeat(20_000),
      }),
    ]);
    const t = byRef(p, "1");
    expect(t.title).toBe("t".repeat(299));
    expect([t.description.length, t.details.length, t.testStrategy.length]).toEqual([20_000, 100_000, 20_000]);
    expect(p.warnings).toEqual([
      "#1: description was 20,001 characters; cut to 20,000",
      "#1: title was 310 characters; cut to 300",
      "#1: details was 100,500 characters; cut to 100,000",
    ]);
  });

  it("turns non-text values into text with a warning", () => {
    const p = one([tm(1, { title: 404, details: ["Step one", "Step two"], testStrategy: { unit: true } })]);
    expect(byRef(p, "1")).toMatchObject({ title: "404", details: "Step one\nStep two", testStrategy: '{"unit":true}' });
    expect(p.warnings).toEqual([
      '#1: title 404 was not text; stored as "404"',
      "#1: details was a list; joined into lines",
      "#1: testStrategy was not text; stored as JSON",
    ]);
  });

  it("reads complexity and its alias complexityScore, rounding and clamping to 1-10", () => {
    const p = one([
      tm(1, { complexity: 7 }),
      tm(2, { complexityScore: "8" }),
      tm(3, { complexityScore: 6.5 }),
      tm(4, { complexity: 0 }),
      tm(5, { complexity: 42 }),
      tm(6, { complexity: "hard" }),
      tm(7, { complexity: 3, complexityScore: 9 }),
      tm(8, { complexity: 3, complexityScore: 3 }),
    ]);
    expect(p.tasks.map((t) => t.complexity)).toEqual([7, 8, 7, 1, 10, null, 3, 3]);
    expect(p.warnings).toEqual([
      "#3: complexity 6.5 is not a whole number from 1 to 10; stored as 7",
      "#4: complexity 0 is not a whole number from 1 to 10; stored as 1",
      "#5: complexity 42 is not a whole number from 1 to 10; stored as 10",
      '#6: complexity "hard" is not a number; left empty',
      "#7: both complexity and complexityScore were set; kept complexity",
    ]);
  });

  it("reads recommendedSubtasks as a whole number from 0 to 50", () => {
    const p = one([
      tm(1, { recommendedSubtasks: 0 }),
      tm(2, { recommendedSubtasks: "5" }),
      tm(3, { recommendedSubtasks: 80 }),
      tm(4, { recommendedSubtasks: -2.4 }),
    ]);
    expect(p.tasks.map((t) => t.recommendedSubtasks)).toEqual([0, 5, 50, 0]);
    expect(p.warnings).toEqual([
      "#3: recommendedSubtasks 80 is not a whole number from 0 to 50; stored as 50",
      "#4: recommendedSubtasks -2.4 is not a whole number from 0 to 50; stored as 0",
    ]);
  });

  it("reads complexityReasoning (alias reasoning) and expansionPrompt, blank as empty", () => {
    const p = one([
      tm(1, { reasoning: "Touches billing", expansionPrompt: "Split by endpoint" }),
      tm(2, { complexityReasoning: "  ", expansionPrompt: "" }),
    ]);
    expect(p.tasks.map((t) => [t.complexityReasoning, t.expansionPrompt])).toEqual([
      ["Touches billing", "Split by endpoint"],
      [null, null],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it("trims the assignee and refuses values that are not names", () => {
    const p = one([
      tm(1, { assignee: "  dana " }),
      tm(2, { assignee: "" }),
      tm(3, { assignee: { name: "lee" } }),
      tm(4, { assignee: "a".repeat(201) }),
    ]);
    expect(p.tasks.map((t) => t.assignee)).toEqual(["dana", null, null, "a".repeat(200)]);
    expect(p.warnings).toEqual(['#3: assignee {"name":"lee"} is not a name; left empty', "#4: assignee was 201 characters; cut to 200"]);
  });

  it("keeps ISO dates, converts date-times to UTC and refuses anything else", () => {
    const p = one([
      tm(1, { dueDate: "2025-07-15" }),
      tm(2, { dueDate: "2025-07-15T09:30:00+02:00" }),
      tm(3, { dueDate: "2025-07-15T09:30:00Z" }),
      tm(4, { dueDate: "2025-07-15 09:30" }),
      tm(5, { dueDate: "2025-02-30" }),
      tm(6, { dueDate: "07/15/2025" }),
      tm(7, { dueDate: 1752570000000 }),
      tm(8, { dueDate: "" }),
    ]);
    expect(p.tasks.map((t) => t.dueDate)).toEqual([
      "2025-07-15",
      "2025-07-15T07:30:00.000Z",
      "2025-07-15T09:30:00.000Z",
      "2025-07-15T09:30:00.000Z",
      null,
      null,
      null,
      null,
    ]);
    expect(p.warnings).toEqual([
      '#5: due date "2025-02-30" is not an ISO date; left empty',
      '#6: due date "07/15/2025" is not an ISO date; left empty',
      "#7: due date 1752570000000 is not an ISO date; left empty",
    ]);
  });

  it("deduplicates labels, merges the tags alias and enforces label limits", () => {
    const many = Array.from({ length: 32 }, (_, i) => `l${i + 1}`);
    const p = one([
      tm(1, { labels: [" Frontend", "frontend", "ux", ""], tags: ["UX", "a11y"] }),
      tm(2, { labels: "api, backend" }),
      tm(3, { labels: many }),
      tm(4, { labels: ["x".repeat(55), 3, { name: "bug" }] }),
      tm(5, { tags: [{ id: 1 }] }),
    ]);
    expect(p.tasks.map((t) => t.labels)).toEqual([
      ["Frontend", "ux", "a11y"],
      ["api", "backend"],
      many.slice(0, 30),
      ["x".repeat(50), "3"],
      [],
    ]);
    expect(p.warnings).toEqual([
      "#2: labels was a comma-separated string; split into labels",
      '#3: more than 30 labels; dropped "l31", "l32"',
      `#4: label "${"x".repeat(55)}" is longer than 50 characters; cut`,
      '#4: label {"name":"bug"} is not text; dropped',
    ]);
    // "tags" that are not a list of names are not labels: they are kept as the file had them.
    expect(p.tasks[4]!.extra).toEqual({ tags: [{ id: 1 }] });
  });

  it("keeps unknown fields verbatim on tasks and subtasks, without warnings", () => {
    const p = one([
      tm(1, { previousStatus: "pending", notes: "see PR" }),
      tm(2, {
        previousStatus: "done",
        subtasks: [{ id: 1, title: "Sub", parentTaskId: 2, previousStatus: "x", meta: { a: [1, { b: null }] } }],
      }),
      tm(3, { notes: null }),
      tm(4),
    ]);
    expect(p.warnings).toEqual([]);
    expect(p.tasks.map((t) => t.extra)).toEqual([
      { previousStatus: "pending", notes: "see PR" },
      { previousStatus: "done" },
      { parentTaskId: 2, previousStatus: "x", meta: { a: [1, { b: null }] } },
      { notes: null },
      null,
    ]);
  });

  it("reads acceptanceCriteria as text; a list of lines is joined and kept as a list", () => {
    const p = one([
      tm(1, { acceptanceCriteria: "- Works offline\n- Under 1 s" }),
      tm(2, { acceptanceCriteria: ["Works offline", "Under 1 s"] }),
      tm(3),
    ]);
    expect(p.warnings).toEqual([]);
    expect(p.tasks.map((t) => [t.acceptanceCriteria, t.extra])).toEqual([
      ["- Works offline\n- Under 1 s", null],
      ["Works offline\nUnder 1 s", { acceptanceCriteria: ["Works offline", "Under 1 s"] }],
      ["", null],
    ]);
  });
});

describe("status and priority", () => {
  it.each([
    ["todo", "pending"],
    ["To Do", "pending"],
    ["backlog", "pending"],
    ["In Progress", "in-progress"],
    ["in_progress", "in-progress"],
    ["WIP", "in-progress"],
    ["doing", "in-progress"],
    ["in review", "review"],
    ["qa", "review"],
    ["completed", "done"],
    ["done ", "done"],
    ["Done", "done"],
    ["closed", "done"],
    ["on-hold", "deferred"],
    ["On Hold", "deferred"],
    ["paused", "deferred"],
    ["canceled", "cancelled"],
    ["wontfix", "cancelled"],
    ["won't fix", "cancelled"],
    ["obsolete", "cancelled"],
    ["done (merged in #212)", "done"],
  ])("status %j maps to %s with a warning", (status, expected) => {
    const p = one([tm(1, { status })]);
    expect(p.tasks[0]!.status).toBe(expected);
    expect(p.warnings).toEqual([`#1: status ${JSON.stringify(status)} mapped to ${expected}`]);
  });

  it("keeps Cairn's own statuses silently and maps unknown ones to pending", () => {
    const statuses = ["pending", "in-progress", "review", "done", "deferred", "cancelled"];
    const p = one([
      ...statuses.map((status, i) => tm(i + 1, { status })),
      tm(7, { subtasks: [{ id: 2, title: "Waiting on vendor", status: "blocked" }] }),
      tm(8, { status: 3 }),
      tm(9, { status: "not done" }),
    ]);
    expect(p.tasks.map((t) => t.status)).toEqual([...statuses, "pending", "pending", "pending", "pending"]);
    expect(p.warnings).toEqual([
      '#7.2: unknown status "blocked" mapped to pending',
      "#8: unknown status 3 mapped to pending",
      '#9: unknown status "not done" mapped to pending',
    ]);
  });

  it.each([
    ["urgent", "critical"],
    ["P0", "critical"],
    ["highest", "critical"],
    ["HIGH", "high"],
    ["p1", "high"],
    ["Medium", "medium"],
    ["normal", "medium"],
    ["low-ish", "low"],
    ["minor", "low"],
    ["nice to have", "low"],
  ])("priority %j maps to %s with a warning", (priority, expected) => {
    const p = one([tm(1, { priority })]);
    expect(p.tasks[0]!.priority).toBe(expected);
    expect(p.warnings).toEqual([`#1: priority ${JSON.stringify(priority)} mapped to ${expected}`]);
  });

  it("defaults a missing priority to medium, or to the parent's for a subtask", () => {
    const p = one([
      { id: 1, title: "No priority" },
      tm(2, {
        priority: "high",
        subtasks: [
          { id: 1, title: "Inherits" },
          { id: 2, title: "Own", priority: "low" },
          { id: 3, title: "Odd", priority: "whenever" },
        ],
      }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.priority])).toEqual([
      ["1", "medium"],
      ["2", "high"],
      ["2.1", "high"],
      ["2.2", "low"],
      ["2.3", "high"],
    ]);
    expect(p.warnings).toEqual(['#2.3: unknown priority "whenever" mapped to high']);
  });

  it("keeps every status as written: a done parent with open subtasks stays done", () => {
    const p = one([
      tm(1, { status: "done", subtasks: [{ id: 1, title: "Open", status: "pending" }] }),
      tm(2, { status: "pending", subtasks: [{ id: 1, title: "Closed", status: "done" }] }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.status])).toEqual([
      ["1", "done"],
      ["1.1", "pending"],
      ["2", "pending"],
      ["2.1", "done"],
    ]);
  });
});

describe("numbering", () => {
  it('keeps numeric ids, numeric strings and "#n", and orders tasks by number', () => {
    const p = one([
      tm(7),
      tm("3"),
      tm("#5", {
        subtasks: [
          { id: "2", title: "b" },
          { id: 1, title: "a" },
        ],
      }),
    ]);
    expect(refs(p)).toEqual(["3", "5", "5.1", "5.2", "7"]);
    expect(p.warnings).toEqual([]);
  });

  it("renumbers a repeated id after the highest one; references to it mean the first", () => {
    const p = one([tm(4, { title: "Feed" }), tm(2), tm(4, { title: "Comments", dependencies: [2] }), tm(6, { dependencies: [4] })]);
    expect(p.tasks.map((t) => [refOf(t), t.title])).toEqual([
      ["2", "Task 2"],
      ["4", "Feed"],
      ["6", "Task 6"],
      ["7", "Comments"],
    ]);
    expect(deps(p)).toEqual({ "2": [], "4": [], "6": ["4"], "7": ["2"] });
    expect(p.warnings).toEqual(['#7: task "Comments" repeated id 4; renumbered to 7 (references to 4 mean #4)']);
  });

  it("renumbers ids that are not positive whole numbers and remaps references to unique ones", () => {
    const p = one([
      tm("auth", { title: "Auth" }),
      tm(2, { dependencies: ["auth", "#auth"] }),
      tm(0, { title: "Zero" }),
      tm(-1, { title: "Negative" }),
      tm(2.5, { title: "Fraction" }),
      { title: "No id", dependencies: [2] },
      tm(3, { dependencies: [2.5] }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.title])).toEqual([
      ["2", "Task 2"],
      ["3", "Task 3"],
      ["4", "Auth"],
      ["5", "Zero"],
      ["6", "Negative"],
      ["7", "Fraction"],
      ["8", "No id"],
    ]);
    expect(deps(p)).toMatchObject({ "2": ["4"], "8": ["2"] });
    expect(p.warnings).toEqual([
      '#4: task "Auth" had id "auth", which is not a positive whole number; renumbered to 4',
      '#5: task "Zero" had id 0, which is not a positive whole number; renumbered to 5',
      '#6: task "Negative" had id -1, which is not a positive whole number; renumbered to 6',
      '#7: task "Fraction" had id 2.5, which is not a positive whole number; renumbered to 7',
      '#8: task "No id" had no id; numbered 8',
      // 2.5 as a dependency is the ref "2.5": subtask 5 of task 2, which does not exist.
      "#3: dependency 2.5 dropped: no such task",
    ]);
  });

  it("drops references to an id two renumbered tasks share rather than guess", () => {
    const p = one([tm("setup", { title: "A" }), tm("setup", { title: "B" }), tm(1, { dependencies: ["setup"] })]);
    expect(refs(p)).toEqual(["1", "2", "3"]);
    expect(deps(p)["1"]).toEqual([]);
    expect(p.warnings).toEqual([
      '#2: task "A" had id "setup", which is not a positive whole number; renumbered to 2',
      '#3: task "B" had id "setup", which is not a positive whole number; renumbered to 3',
      '#1: dependency "setup" dropped: more than one task has the id "setup"',
    ]);
  });

  it("does not pick between two tasks renumbered from the same numeric id such as 0", () => {
    const p = one([tm(0, { title: "A" }), tm(0, { title: "B" }), tm(1, { dependencies: [0, "0"] })]);
    expect(deps(p)["1"]).toEqual([]);
    expect(p.warnings.slice(2)).toEqual([
      '#1: dependency 0 dropped: more than one task has the id "0"',
      '#1: dependency "0" dropped: more than one task has the id "0"',
    ]);
  });

  it('numbers subtasks within their parent: "3.1" ids, repeats and bad ids', () => {
    const p = one([
      tm(3, {
        subtasks: [
          { id: "3.1", title: "Dotted" },
          { id: 4, title: "Four" },
          { id: 4, title: "Four again", dependencies: [4] },
          { id: "x", title: "Letter" },
          { id: 2, title: "Two", dependencies: ["x", "3.4"] },
        ],
      }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.title, t.dependencies])).toEqual([
      ["3", "Task 3", []],
      ["3.1", "Dotted", []],
      ["3.2", "Two", ["3.4", "3.6"]],
      ["3.4", "Four", []],
      ["3.5", "Four again", ["3.4"]],
      ["3.6", "Letter", []],
    ]);
    expect(p.warnings).toEqual([
      '#3.5: subtask "Four again" repeated id 4; renumbered to 3.5 (references to 3.4 mean #3.4)',
      '#3.6: subtask "Letter" had id "x", which is not a positive whole number; renumbered to 3.6',
      '#3.2: dependency "x" has no top-level task; read as sibling subtask #3.6',
    ]);
  });

  it("flattens subtasks of subtasks after the parent's own, keeping their references", () => {
    const p = one([
      tm(1),
      tm(2, {
        dependencies: ["2.1.2"],
        subtasks: [
          {
            id: 1,
            title: "Schema",
            subtasks: [
              { id: 1, title: "Users table" },
              { id: 2, title: "Posts table", dependencies: [1], subtasks: [{ id: 1, title: "Indexes", dependencies: [1, "1"] }] },
            ],
          },
          { id: 2, title: "API", dependencies: [1, "2.1.1"] },
        ],
      }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.title, t.dependencies])).toEqual([
      ["1", "Task 1", []],
      ["2", "Task 2", ["2.4"]],
      ["2.1", "Schema", []],
      ["2.2", "API", ["2.1", "2.3"]],
      ["2.3", "Users table", []],
      ["2.4", "Posts table", ["2.3"]],
      // Inside the nested group the bare 1 is its sibling "Indexes" itself; the string "1" is task #1.
      ["2.5", "Indexes", ["1"]],
    ]);
    expect(p.warnings).toEqual([
      '#2.3: subtask "Users table" was nested under #2.1; moved up to be a subtask of #2',
      '#2.4: subtask "Posts table" was nested under #2.1; moved up to be a subtask of #2',
      '#2.5: subtask "Indexes" was nested under #2.4; moved up to be a subtask of #2',
      "#2.5: dependency on itself dropped",
    ]);
  });

  it("reads subtasks given as one object and ignores subtasks that are not a list", () => {
    const p = one([tm(1, { subtasks: { id: 1, title: "Lone subtask" } }), tm(2, { subtasks: "see notes" })]);
    expect(refs(p)).toEqual(["1", "1.1", "2"]);
    expect(p.warnings).toEqual([
      "#1: subtasks was a single object, not a list; read as one subtask",
      '#2: subtasks "see notes" is not a list; ignored',
    ]);
  });
});

describe("dependencies", () => {
  it("accepts a single value, a comma string, and numbers mixed with strings", () => {
    const p = one([
      tm(1),
      tm(2),
      tm(3),
      tm(4, { dependencies: 1 }),
      tm(5, { dependencies: "1, 3,2" }),
      tm(6, { dependencies: [3, "1", "#2", 1, "3"] }),
    ]);
    expect(deps(p)).toEqual({ "1": [], "2": [], "3": [], "4": ["1"], "5": ["1", "2", "3"], "6": ["1", "2", "3"] });
    expect(p.warnings).toEqual([]);
  });

  it('reads "p.s" as subtask s of task p, from tasks and subtasks alike', () => {
    const p = one([
      tm(1, {
        subtasks: [
          { id: 1, title: "a" },
          { id: 2, title: "b" },
        ],
      }),
      tm(2, { dependencies: ["1.2", 1.1], subtasks: [{ id: 1, title: "c", dependencies: ["1.1"] }] }),
    ]);
    expect(deps(p)).toEqual({ "1": [], "1.1": [], "1.2": [], "2": ["1.1", "1.2"], "2.1": ["1.1"] });
    expect(p.warnings).toEqual([]);
  });

  it("reads a bare number in a subtask as a sibling, falling back to the top-level task", () => {
    const p = one([
      tm(1),
      tm(4),
      tm(3, {
        subtasks: [
          { id: 1, title: "a" },
          { id: 2, title: "b", dependencies: [1, 4] },
          { id: 3, title: "c", dependencies: [9] },
        ],
      }),
    ]);
    expect(deps(p)).toMatchObject({ "3.2": ["3.1", "4"], "3.3": [] });
    expect(p.warnings).toEqual([
      "#3.2: dependency 4 has no sibling subtask; read as top-level task #4",
      "#3.3: dependency 9 dropped: no such task",
    ]);
  });

  it("reads a string without a dot in a subtask as a top-level task, falling back to a sibling", () => {
    const p = one([
      tm(1),
      tm(5, {
        subtasks: [
          { id: 1, title: "a" },
          { id: 2, title: "b", dependencies: ["1"] },
          { id: 3, title: "c", dependencies: ["2"] },
        ],
      }),
    ]);
    expect(deps(p)).toMatchObject({ "5.2": ["1"], "5.3": ["5.2"] });
    expect(p.warnings).toEqual(['#5.3: dependency "2" has no top-level task; read as sibling subtask #5.2']);
  });

  it("drops self references and references to tasks that do not exist, naming them", () => {
    const p = one([
      tm(1, { dependencies: [1, "#1", 12, "1.4", "setup-db", "", true, { id: 2 }] }),
      tm(2, { subtasks: [{ id: 1, title: "a", dependencies: ["2.1", 1] }] }),
    ]);
    expect(deps(p)).toEqual({ "1": [], "2": [], "2.1": [] });
    expect(p.warnings).toEqual([
      "#1: dependency on itself dropped",
      "#1: dependency on itself dropped",
      "#1: dependency 12 dropped: no such task",
      '#1: dependency "1.4" dropped: no such task',
      '#1: dependency "setup-db" dropped: no such task',
      '#1: dependency "" dropped: not a task id',
      "#1: dependency true dropped: not a task id",
      '#1: dependency {"id":2} dropped: not a task id',
      "#2.1: dependency on itself dropped",
      "#2.1: dependency on itself dropped",
    ]);
  });

  it("drops the edge that closes a cycle, adding edges in plan order", () => {
    const p = one([tm(1, { dependencies: [3] }), tm(2, { dependencies: [1] }), tm(3, { dependencies: [2] })]);
    expect(deps(p)).toEqual({ "1": ["3"], "2": ["1"], "3": [] });
    expect(p.warnings).toEqual(["#3: dependency on #2 dropped: it would create a cycle #3 → #2 → #1 → #3"]);
  });

  it("treats a subtask depending on its own parent as a cycle, but lets a parent depend on its subtask", () => {
    const p = one([
      tm(1, {
        dependencies: ["1.2"],
        subtasks: [
          { id: 1, title: "a", dependencies: ["1"] },
          { id: 2, title: "b" },
        ],
      }),
    ]);
    expect(deps(p)).toEqual({ "1": ["1.2"], "1.1": [], "1.2": [] });
    expect(p.warnings).toEqual([
      "#1.1: dependency on #1 dropped: it would create a cycle #1.1 → #1 → #1.1 (#1 is finished only when its subtasks are)",
    ]);
  });

  it("finds cycles that run through a parent and one of its subtasks", () => {
    const p = one([
      tm(1, { subtasks: [{ id: 1, title: "a", dependencies: ["2"] }] }),
      tm(2, { dependencies: [1] }),
      tm(3, { dependencies: [2] }),
    ]);
    expect(deps(p)).toEqual({ "1": [], "1.1": ["2"], "2": [], "3": ["2"] });
    expect(p.warnings).toEqual([
      "#2: dependency on #1 dropped: it would create a cycle #2 → #1 → #1.1 → #2 (#1 is finished only when its subtasks are)",
    ]);
  });

  it("lists each task's dependencies once, in plan order", () => {
    const p = one([tm(1, { subtasks: [{ id: 1, title: "a" }] }), tm(2), tm(10), tm(3, { dependencies: [10, "1.1", 2, 1, "10", 2] })]);
    expect(deps(p)["3"]).toEqual(["1", "1.1", "2", "10"]);
    expect(p.warnings).toEqual([]);
  });

  it("handles 20,000 tasks in a long chain quickly", () => {
    const tasks = Array.from({ length: 4_000 }, (_, i) => ({
      id: i + 1,
      title: `Step ${i + 1}`,
      dependencies: i ? [i] : [],
      subtasks: Array.from({ length: 4 }, (_, s) => ({ id: s + 1, title: `Part ${s + 1}`, dependencies: s ? [s] : [] })),
    }));
    const started = performance.now();
    const p = one(tasks);
    expect(p.tasks).toHaveLength(20_000);
    expect(p.warnings).toEqual([]);
    expect(byRef(p, "4000").dependencies).toEqual(["3999"]);
    expect(byRef(p, "4000.4").dependencies).toEqual(["4000.3"]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("fixtures", () => {
  it("clean-tagged.json: two projects, nothing to report", () => {
    const out = normalizeTaskMasterFile(fixture("clean-tagged"));
    expect(out.map((p) => [p.tag, p.name, p.description, p.tasks.length, p.warnings])).toEqual([
      ["master", "Team expense tracker", "Tasks for master context", 27, []],
      ["feature-billing", "feature-billing", "Stripe subscriptions for teams", 15, []],
    ]);
    const [master, billing] = out as [NormalizedProject, NormalizedProject];
    expect(refs(master).filter((r) => !r.includes("."))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(deps(master)).toMatchObject({ "3.4": ["3.2", "3.3"], "5.1": ["4.2"], "9.2": ["4.2", "9.1"], "10": ["7", "8", "9"] });
    expect(byRef(master, "3.2")).toMatchObject({
      status: "in-progress",
      priority: "high",
      testStrategy: "Signed-in user can load /dashboard; anonymous user is redirected.",
    });
    expect(deps(billing)).toMatchObject({ "6": ["2", "4.2"], "8": ["4.3"], "10": ["4", "6", "8"] });
    expect(byRef(billing, "4.1").priority).toBe("critical");
  });

  it("legacy.json: one master project with string ids and subtasks without priorities", () => {
    const [p, ...rest] = normalizeTaskMasterFile(fixture("legacy"));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      tag: "master",
      name: "Recipe Box",
      description: "Personal recipe manager with meal planning and shopping lists",
      warnings: [],
    });
    expect(refs(p!)).toEqual(["1", "2", "2.1", "2.2", "3", "3.1", "3.2", "3.3", "4", "5", "5.1", "5.2", "6"]);
    expect(deps(p!)).toMatchObject({ "3": ["2"], "3.3": ["3.2"], "5": ["3.2", "4"] });
    expect(byRef(p!, "3.2")).toMatchObject({ status: "in-progress", priority: "medium", testStrategy: "" });
  });

  it("messy.json: everything mapped, every change reported", () => {
    const out = normalizeTaskMasterFile(fixture("messy"));
    expect(out.map((p) => [p.tag, p.name])).toEqual([
      ["master", "Community board"],
      ["v2-ideas", "Version 2 ideas"],
    ]);
    const [p, v2] = out as [NormalizedProject, NormalizedProject];
    expect(p.tasks.map((t) => [refOf(t), t.status, t.priority, t.title, t.dependencies])).toEqual([
      ["1", "done", "high", "Set up Vite + React project", []],
      ["1.1", "done", "high", "Create the Vite project", []],
      ["1.2", "done", "high", "Add React Router", ["1.1"]],
      ["2", "pending", "low", "Add Tailwind and design tokens", ["1"]],
      ["4", "pending", "critical", "Posts feed page", ["2", "13"]],
      ["5", "cancelled", "medium", "Image uploads to Supabase storage", ["4"]],
      ["6", "cancelled", "medium", "Untitled task 6", []],
      ["7", "done", "critical", "Email notifications for replies", ["13.1"]],
      ["8", "review", "medium", "Search posts with Postgres full-text search", ["4", "5"]],
      ["9", "pending", "critical", "Rate-limit API routes", []],
      ["9.1", "pending", "critical", "Token bucket in Redis", []],
      ["10", "deferred", "low", "Dark mode", ["2"]],
      ["10.1", "pending", "low", "CSS variables for both themes", []],
      ["10.2", "pending", "low", "Theme toggle in the header", []],
      ["10.3", "pending", "low", "Persist the preference", ["10.1", "10.2"]],
      ["12", "pending", "medium", "Deploy to Vercel", ["8", "9", "10"]],
      ["12.1", "pending", "medium", "Preview deployments per pull request", ["9"]],
      ["13", "in-progress", "critical", "Configure Supabase auth", ["1", "2"]],
      ["13.1", "in-progress", "critical", "Magic-link sign-in", []],
      ["13.2", "in-progress", "critical", "Row level security policies", ["13.1"]],
      ["13.3", "pending", "critical", "Policies for the profiles table", []],
      ["13.4", "pending", "critical", "Policies for the posts table", ["13.3"]],
      ["14", "deferred", "low", "Comment threads", ["4"]],
      ["15", "pending", "medium", "Write the README", ["12"]],
    ]);
    expect(byRef(p, "8")).toMatchObject({
      complexity: 7,
      complexityReasoning: "Ranking and highlighting need tuning; the index migration must run without locking the table.",
      labels: ["search", "db"],
      assignee: "dana",
      dueDate: "2025-07-15",
    });
    expect(byRef(p, "9")).toMatchObject({
      complexity: 10,
      recommendedSubtasks: 4,
      expansionPrompt: "Break down by route group: auth, posts, uploads.",
      dueDate: null,
      labels: ["api"],
    });
    expect(p.warnings).toEqual([
      'Top-level field "scratch" is not a tag with a task list; skipped',
      'Top-level field "lastSync" is not a tag with a task list; skipped',
      'Entry 7 in the task list is not a task ("TODO: add analytics"); skipped',
      '#13: task "Configure Supabase auth" had id "auth-setup", which is not a positive whole number; renumbered to 13',
      '#14: task "Comment threads" repeated id 4; renumbered to 14 (references to 4 mean #4)',
      '#15: task "Write the README" had no id; numbered 15',
      '#13.3: subtask "Policies for the profiles table" was nested under #13.2; moved up to be a subtask of #13',
      '#13.4: subtask "Policies for the posts table" was nested under #13.2; moved up to be a subtask of #13',
      "#9: subtasks was a single object, not a list; read as one subtask",
      '#10.2: subtask "Theme toggle in the header" had id "a", which is not a positive whole number; renumbered to 10.2',
      '#10.3: subtask "Persist the preference" repeated id 1; renumbered to 10.3 (references to 10.1 mean #10.1)',
      '#1: status "done " mapped to done',
      '#1: priority "HIGH" mapped to high',
      '#1.1: status "completed" mapped to done',
      '#1.2: status "Done" mapped to done',
      '#2: status "todo" mapped to pending',
      '#2: priority "low-ish" mapped to low',
      '#4: unknown status "blocked" mapped to pending',
      '#4: priority "P0" mapped to critical',
      "#5: no title; used the first line of the description",
      '#5: status "canceled" mapped to cancelled',
      '#6: no title; named it "Untitled task 6"',
      '#6: status "wontfix" mapped to cancelled',
      '#7: priority "P0" mapped to critical',
      '#8: status "review " mapped to review',
      "#8: complexity 6.5 is not a whole number from 1 to 10; stored as 7",
      "#9: complexity 12 is not a whole number from 1 to 10; stored as 10",
      '#9: due date "next friday" is not an ISO date; left empty',
      '#9.1: status "todo" mapped to pending',
      '#12: status "todo" mapped to pending',
      '#13: status "In Progress" mapped to in-progress',
      '#13: priority "urgent" mapped to critical',
      '#13.1: status "in_progress" mapped to in-progress',
      '#13.2: status "wip" mapped to in-progress',
      '#13.3: status "todo" mapped to pending',
      '#14: status "on-hold" mapped to deferred',
      '#14: priority "low-ish" mapped to low',
      '#15: status "todo" mapped to pending',
      "#7: dependency 99 dropped: no such task",
      '#7: dependency "4.7" dropped: no such task',
      "#7: dependency on itself dropped",
      '#10.3: dependency "a" has no top-level task; read as sibling subtask #10.2',
      "#12.1: dependency 9 has no sibling subtask; read as top-level task #9",
    ]);
    expect(v2.warnings).toEqual(['#1: status "someday" mapped to deferred', '#1: priority "nice-to-have" mapped to low']);
  });

  it("cycles.json: dangling references and every cycle dropped, the rest kept", () => {
    const [p] = normalizeTaskMasterFile(fixture("cycles")) as [NormalizedProject];
    expect(p.name).toBe("Public API v2");
    expect(deps(p)).toEqual({
      "1": [],
      "2": ["1", "3"],
      "3": [],
      "4": ["6"],
      "5": ["4"],
      "6": [],
      "7": ["1"],
      "8": [],
      "8.1": [],
      "8.2": ["8.1", "9"],
      "8.3": [],
      "9": [],
      "10": ["7", "10.1"],
      "10.1": ["10.2"],
      "10.2": [],
    });
    expect(p.warnings).toEqual([
      "#7: dependency on itself dropped",
      "#7: dependency 99 dropped: no such task",
      "#8.2: dependency 9 has no sibling subtask; read as top-level task #9",
      '#8.3: dependency "7.9" dropped: no such task',
      '#8.3: dependency "abc" dropped: no such task',
      '#10: dependency "12.1" dropped: no such task',
      "#3: dependency on #2 dropped: it would create a cycle #3 → #2 → #3",
      "#6: dependency on #5 dropped: it would create a cycle #6 → #5 → #4 → #6",
      "#8.1: dependency on #8 dropped: it would create a cycle #8.1 → #8 → #8.1 (#8 is finished only when its subtasks are)",
      "#9: dependency on #8 dropped: it would create a cycle #9 → #8 → #8.2 → #9 (#8 is finished only when its subtasks are)",
      "#10.2: dependency on #10.1 dropped: it would create a cycle #10.2 → #10.1 → #10.2",
    ]);
  });
});

describe("deep nesting", () => {
  /** Task 1 with subtasks nested `depth` levels below it, one per level. */
  function nestedFile(depth: number) {
    const root: Record<string, unknown> = { id: 1, title: "Root" };
    let owner = root;
    for (let level = 1; level <= depth; level++) {
      const sub: Record<string, unknown> = { id: 1, title: `Level ${level}` };
      owner.subtasks = [sub];
      owner = sub;
    }
    return { tasks: [root] };
  }

  it("refuses subtasks nested 50,000 deep with an error naming the limit, not a stack overflow", () => {
    const e = thrown(() => normalizeTaskMasterFile(nestedFile(50_000)));
    expect(e.code).toBe("invalid");
    expect(e.status).toBe(422);
    expect(e.message).toBe(
      'Subtasks are nested more than 100 levels deep under task 1 "Root"; Cairn imports at most 100 levels of subtasks',
    );
    expect(e.details).toEqual({ limit: "subtaskDepth", max: MAX_SUBTASK_DEPTH });
  });

  it("reads as file text: 50,000 levels straight from JSON.parse are refused the same way", () => {
    const depth = 50_000;
    const text = `{"tasks":[{"id":1,"title":"Root"${',"subtasks":[{"id":1,"title":"x"'.repeat(depth)}${"}]".repeat(depth)}}]}`;
    const e = thrown(() => normalizeTaskMasterFile(JSON.parse(text)));
    expect(e.message).toContain("Cairn imports at most 100 levels of subtasks");
  });

  it(`imports exactly ${MAX_SUBTASK_DEPTH} levels, flattened onto the top-level task in order; one more is refused`, () => {
    const p = one(nestedFile(MAX_SUBTASK_DEPTH).tasks);
    expect(p.tasks).toHaveLength(MAX_SUBTASK_DEPTH + 1);
    expect(p.tasks.map((t) => t.title)).toEqual(["Root", ...Array.from({ length: MAX_SUBTASK_DEPTH }, (_, i) => `Level ${i + 1}`)]);
    expect(refs(p).slice(0, 4)).toEqual(["1", "1.1", "1.2", "1.3"]);
    expect(p.warnings[0]).toBe('#1.2: subtask "Level 2" was nested under #1.1; moved up to be a subtask of #1');
    expect(p.warnings).toHaveLength(MAX_SUBTASK_DEPTH - 1);
    expect(thrown(() => normalizeTaskMasterFile(nestedFile(MAX_SUBTASK_DEPTH + 1))).details).toEqual({
      limit: "subtaskDepth",
      max: MAX_SUBTASK_DEPTH,
    });
  });

  it("keeps depth-first order when several subtasks each nest further", () => {
    const p = one([
      tm(1, {
        subtasks: [
          {
            id: 1,
            title: "A",
            subtasks: [
              { id: 1, title: "A1", subtasks: [{ id: 1, title: "A1a" }] },
              { id: 2, title: "A2" },
            ],
          },
          { id: 2, title: "B", subtasks: [{ id: 1, title: "B1" }] },
        ],
      }),
    ]);
    expect(p.tasks.map((t) => [refOf(t), t.title])).toEqual([
      ["1", "Task 1"],
      ["1.1", "A"],
      ["1.2", "B"],
      ["1.3", "A1"],
      ["1.4", "A2"],
      ["1.5", "A1a"],
      ["1.6", "B1"],
    ]);
  });

  it("refuses a field nested 50,000 deep with an error naming the limit", () => {
    const depth = 50_000;
    const details: unknown = JSON.parse(`${"[".repeat(depth)}"step"${"]".repeat(depth)}`);
    const e = thrown(() => normalizeTaskMasterFile({ tasks: [tm(1, { details })] }));
    expect(e.message).toBe(`This file nests values more than ${MAX_JSON_DEPTH} levels deep; Cairn reads at most ${MAX_JSON_DEPTH}`);
    expect(e.details).toEqual({ limit: "jsonDepth", max: MAX_JSON_DEPTH });
  });
});

describe("text that is not valid Unicode", () => {
  it("replaces lone surrogates with U+FFFD and says where", () => {
    const [p] = normalizeTaskMasterFile({
      master: {
        tasks: [{ id: 1, title: "Fix \ud800 now", details: "a\udfff", tags: ["x\ud800"], subtasks: [{ id: 1, title: "ok" }] }],
        metadata: { projectName: "P\udc00" },
      },
    });
    expect(p!.name).toBe("P\uFFFD");
    expect(p!.tasks[0]).toMatchObject({ title: "Fix \uFFFD now", details: "a\uFFFD" });
    expect(p!.tasks.every((t) => t.title.isWellFormed() && t.labels.every((l) => l.isWellFormed()))).toBe(true);
    expect(p!.warnings).toContain('#1: invalid Unicode (a lone surrogate) was replaced with "\uFFFD"');
    expect(p!.tasks[1]!.title).toBe("ok");
  });
});
