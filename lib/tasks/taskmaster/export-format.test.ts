import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toTaskMasterFile, uniqueTag, type ExportProject, type ExportTask } from "./export-format";
import { normalizeTaskMasterFile, type NormalizedProject } from "./normalize";

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8"));

const task = (number: number, subNumber: number, extra: Partial<ExportTask> = {}): ExportTask => ({
  number,
  subNumber,
  title: `Task ${subNumber ? `${number}.${subNumber}` : number}`,
  description: "",
  details: "",
  testStrategy: "",
  acceptanceCriteria: "",
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
  extra: null,
  ...extra,
});

const project = (tasks: ExportTask[], extra: Partial<ExportProject> = {}): ExportProject => ({
  tag: "master",
  name: "Checkout revamp",
  description: "",
  createdAt: "2025-06-01T10:00:00.000Z",
  updatedAt: "2025-06-02T11:30:00.000Z",
  tasks,
  ...extra,
});

const asExport = (p: NormalizedProject): ExportProject => ({
  tag: p.tag,
  name: p.name,
  description: p.description,
  createdAt: "2025-06-01T10:00:00.000Z",
  updatedAt: "2025-06-02T11:30:00.000Z",
  tasks: p.tasks,
});

/** Through JSON text, as the file is written to disk and read back. */
const reimport = (projects: ExportProject[]) => normalizeTaskMasterFile(JSON.parse(JSON.stringify(toTaskMasterFile(projects))));

describe("toTaskMasterFile", () => {
  it("writes the tagged format with numeric ids, nested subtasks and metadata", () => {
    const file = toTaskMasterFile([
      project(
        [
          task(2, 0, { title: "Payment form", dependencies: ["1"], status: "in-progress", priority: "high" }),
          task(2, 1, { title: "Card element", details: "Use Stripe Elements.", status: "done", priority: "high" }),
          task(1, 0, { title: "Cart API", description: "Server-side cart", testStrategy: "API tests", status: "done" }),
        ],
        { description: "Faster checkout" },
      ),
    ]);
    expect(file).toEqual({
      master: {
        tasks: [
          {
            id: 1,
            title: "Cart API",
            description: "Server-side cart",
            details: "",
            testStrategy: "API tests",
            status: "done",
            priority: "medium",
            dependencies: [],
            subtasks: [],
          },
          {
            id: 2,
            title: "Payment form",
            description: "",
            details: "",
            testStrategy: "",
            status: "in-progress",
            priority: "high",
            dependencies: [1],
            subtasks: [
              {
                id: 1,
                title: "Card element",
                description: "",
                details: "Use Stripe Elements.",
                testStrategy: "",
                status: "done",
                priority: "high",
                dependencies: [],
              },
            ],
          },
        ],
        metadata: {
          created: "2025-06-01T10:00:00.000Z",
          updated: "2025-06-02T11:30:00.000Z",
          description: "Faster checkout",
          projectName: "Checkout revamp",
        },
      },
    });
  });

  it("writes dependencies the way Task Master reads them", () => {
    const file = toTaskMasterFile([
      project([
        task(1, 0),
        task(1, 1),
        task(2, 0, { dependencies: ["1", "1.1", "3.2"] }),
        task(3, 0),
        task(3, 1),
        task(3, 2, { dependencies: ["1", "1.1", "3.1"] }),
      ]),
    ]);
    const [t1, t2, t3] = file.master!.tasks as { dependencies: unknown[]; subtasks: { dependencies: unknown[] }[] }[];
    // Top-level: numbers for tasks, "p.s" for subtasks.
    expect(t2!.dependencies).toEqual([1, "1.1", "3.2"]);
    // Subtask: a sibling as a bare number, other subtasks as "p.s", top-level tasks as "N" strings.
    expect(t3!.subtasks[1]!.dependencies).toEqual(["1", "1.1", 1]);
    expect(t1!.subtasks[0]!.dependencies).toEqual([]);
  });

  it("writes Cairn's extra fields only when they are set, and never parentTaskId", () => {
    const file = toTaskMasterFile([
      project([
        task(1, 0, {
          complexity: 8,
          recommendedSubtasks: 5,
          expansionPrompt: "Split by provider",
          complexityReasoning: "Two providers",
          assignee: "dana",
          dueDate: "2025-07-01",
          labels: ["auth", "api"],
        }),
        task(1, 1, { complexity: 3 }),
        task(2, 0),
      ]),
    ]);
    const [t1, t2] = file.master!.tasks as Record<string, unknown>[];
    expect(t1).toMatchObject({
      complexity: 8,
      recommendedSubtasks: 5,
      expansionPrompt: "Split by provider",
      complexityReasoning: "Two providers",
      assignee: "dana",
      dueDate: "2025-07-01",
      labels: ["auth", "api"],
    });
    expect(Object.keys((t1!.subtasks as Record<string, unknown>[])[0]!)).toEqual([
      "id",
      "title",
      "description",
      "details",
      "testStrategy",
      "status",
      "priority",
      "dependencies",
      "complexity",
    ]);
    expect(Object.keys(t2!)).toEqual([
      "id",
      "title",
      "description",
      "details",
      "testStrategy",
      "status",
      "priority",
      "dependencies",
      "subtasks",
    ]);
  });

  it("orders tasks by number and subtasks by sub number whatever the input order", () => {
    const file = toTaskMasterFile([project([task(10, 2), task(2, 0), task(10, 0), task(10, 1), task(9, 0)])]);
    const tasks = file.master!.tasks as { id: number; subtasks: { id: number }[] }[];
    expect(tasks.map((t) => [t.id, t.subtasks.map((s) => s.id)])).toEqual([
      [2, []],
      [9, []],
      [10, [1, 2]],
    ]);
  });

  it("refuses a subtask whose parent is not in the export", () => {
    expect(() => toTaskMasterFile([project([task(1, 0), task(4, 2)])])).toThrow(
      'Cannot export subtask #4.2 of project "Checkout revamp": task #4 is not in the export',
    );
  });

  it('keeps one key per project even when tags repeat, and treats "__proto__" as a plain tag', () => {
    const file = toTaskMasterFile([
      project([], { tag: "master" }),
      project([], { tag: "master", name: "Second" }),
      project([], { tag: "__proto__", name: "Odd" }),
    ]);
    expect(Object.keys(file)).toEqual(["master", "master-2", "__proto__"]);
    expect(file["master-2"]!.metadata.projectName).toBe("Second");
    expect(Object.getPrototypeOf(file)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(file)).__proto__.metadata.projectName).toBe("Odd");
  });
});

describe("uniqueTag", () => {
  it.each([
    ["Team expense tracker", "team-expense-tracker"],
    ["  Billing: Stripe (v2)!  ", "billing-stripe-v2"],
    ["Café Délices", "cafe-delices"],
    ["MobileApp", "mobile-app"],
    ["snake_case_name", "snake-case-name"],
    ["🚀🚀", "project"],
    ["", "project"],
    [`${"a".repeat(49)} tail`, "a".repeat(49)],
  ])("%j → %j", (name, tag) => {
    expect(uniqueTag(name, new Set())).toBe(tag);
  });

  it("adds -2, -3... when the tag is taken, without changing the set", () => {
    const taken = new Set(["master", "billing", "billing-2"]);
    expect(uniqueTag("Billing", taken)).toBe("billing-3");
    expect(uniqueTag("Master", taken)).toBe("master-2");
    expect(uniqueTag("Search", taken)).toBe("search");
    expect([...taken]).toEqual(["master", "billing", "billing-2"]);
  });
});

describe("round trip", () => {
  it.each(["clean-tagged", "legacy", "messy", "cycles"])(
    "%s.json: normalise → export → normalise gives the same projects, without warnings",
    (name) => {
      const first = normalizeTaskMasterFile(fixture(name));
      const second = reimport(first.map(asExport));
      expect(second.map((p) => [p.tag, p.name, p.description])).toEqual(first.map((p) => [p.tag, p.name, p.description]));
      for (const [i, p] of second.entries()) {
        expect(p.warnings).toEqual([]);
        expect(p.tasks).toEqual(first[i]!.tasks);
      }
    },
  );

  it("keeps every field and every kind of dependency edge", () => {
    const tasks: ExportTask[] = [
      task(1, 0, {
        title: "Auth",
        description: "Sign-in flows",
        details: 'Details\n\twith tabs and "quotes"',
        testStrategy: "e2e",
        acceptanceCriteria: "Both providers sign in",
        extra: { previousStatus: "in-progress", custom: { nested: [1, null] } },
        status: "review",
        priority: "critical",
        complexity: 9,
        recommendedSubtasks: 0,
        expansionPrompt: "By provider",
        complexityReasoning: "Security-sensitive",
        assignee: "Dana Ruiz",
        dueDate: "2025-07-15T07:30:00.000Z",
        labels: ["auth", "Security"],
      }),
      task(1, 1, {
        status: "done",
        priority: "low",
        extra: { acceptanceCriteria: ["a", "b"], parentTaskId: 1 },
        acceptanceCriteria: "a\nb",
      }),
      task(1, 2, { dependencies: ["1.1", "2", "3.1"], status: "deferred", labels: ["x"] }),
      task(2, 0, { status: "cancelled" }),
      task(3, 0, { dependencies: ["1", "2"] }),
      task(3, 1, { dependencies: ["2"] }),
      task(7, 0, { dependencies: ["1", "3.1"], status: "in-progress" }),
    ];
    const [p] = reimport([project(tasks, { tag: "auth-work", name: "Auth work", description: "Everything sign-in" })]);
    const { keep, ...rest } = p!;
    expect(rest).toEqual({ tag: "auth-work", name: "Auth work", description: "Everything sign-in", tasks, warnings: [] });
    expect(keep?.metadata).toMatchObject({ description: "Everything sign-in", projectName: "Auth work" });
  });

  it("exports the same file again after a re-import", () => {
    const projects = normalizeTaskMasterFile(fixture("messy")).map(asExport);
    const once = toTaskMasterFile(projects);
    const twice = toTaskMasterFile(normalizeTaskMasterFile(JSON.parse(JSON.stringify(once))).map(asExport));
    expect(twice).toEqual(once);
  });
});
