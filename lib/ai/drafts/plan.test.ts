import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CORPUS, corpusSuccessRate, runCorpusCase, type CorpusCase } from "@/lib/ai/corpus/corpus";
import { PlanShapeError } from "@/lib/ai/drafts/answer";
import { complexityOutputSchema, normalizeComplexity, type ComplexityDraft } from "@/lib/ai/drafts/complexity";
import {
  expandOutputSchema,
  generatedTaskSchema,
  normalizePlan,
  normalizeSubtasks,
  parsePrdOutputSchema,
  type PlanDraftTask,
} from "@/lib/ai/drafts/plan";

const task = (over: Record<string, unknown> = {}) => ({
  id: 1,
  title: "Set up project",
  description: "d",
  details: "x",
  testStrategy: "t",
  priority: "high",
  dependencies: [],
  ...over,
});

function shapeError(fn: () => unknown): PlanShapeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlanShapeError) return e;
    throw e;
  }
  throw new Error("expected a PlanShapeError");
}

describe("schemas sent to the model", () => {
  it("accept a correct answer and reject extra keys", () => {
    expect(parsePrdOutputSchema.safeParse({ tasks: [task()] }).success).toBe(true);
    expect(generatedTaskSchema.safeParse({ ...task(), status: "pending" }).success).toBe(false);
    expect(parsePrdOutputSchema.safeParse({ tasks: [] }).success).toBe(false);
  });

  it("convert to JSON Schema without huge string limits (they become sampling grammars)", () => {
    for (const schema of [parsePrdOutputSchema, expandOutputSchema, complexityOutputSchema]) {
      const json = JSON.stringify(z.toJSONSchema(schema));
      expect(json).toContain('"additionalProperties":false');
      for (const m of json.matchAll(/"maxLength":(\d+)/g)) expect(Number(m[1])).toBeLessThanOrEqual(300);
      for (const m of json.matchAll(/"maximum":(\d+)/g)) expect(Number(m[1])).toBeLessThanOrEqual(999);
    }
    const complexity = z.toJSONSchema(complexityOutputSchema) as unknown as {
      properties: { tasks: { items: { properties: Record<string, unknown> } } };
    };
    expect(complexity.properties.tasks.items.properties.complexityScore).toMatchObject({ type: "integer", minimum: 1, maximum: 10 });
  });
});

describe("normalizePlan", () => {
  it("returns a correct plan unchanged, with no warnings", () => {
    const r = normalizePlan({ tasks: [task(), task({ id: 2, title: "Auth", priority: "low", dependencies: [1] })] });
    expect(r.warnings).toEqual([]);
    expect(r.value).toEqual<PlanDraftTask[]>([
      { draftId: 1, title: "Set up project", description: "d", details: "x", testStrategy: "t", priority: "high", dependencies: [] },
      { draftId: 2, title: "Auth", description: "d", details: "x", testStrategy: "t", priority: "low", dependencies: [1] },
    ]);
  });

  it("maps priority words", () => {
    const words: [unknown, string][] = [
      ["urgent", "critical"],
      ["P0", "critical"],
      ["highest", "critical"],
      ["important", "high"],
      ["p1", "high"],
      ["normal", "medium"],
      ["P2", "medium"],
      ["minor", "low"],
      ["P3", "low"],
      ["High", "high"],
      [" LOW ", "low"],
      ["someday", "medium"],
      [7, "medium"],
      [true, "medium"],
    ];
    const r = normalizePlan(words.map(([priority], i) => task({ id: i + 1, title: `T${i}`, priority })));
    expect(r.value.map((t) => t.priority)).toEqual(words.map(([, p]) => p));
    expect(r.warnings).toContain('Unknown priority "someday"; used medium (task 12)');
    expect(r.warnings).not.toContain(expect.stringContaining('"High"'));
  });

  it("trims strings and cuts them to the column limits", () => {
    const r = normalizePlan({
      tasks: [
        task({
          title: `  ${"t".repeat(400)}  `,
          description: "d".repeat(25_000),
          details: "x".repeat(120_000),
          testStrategy: ` ${"s".repeat(21_000)}`,
        }),
      ],
    });
    const [t] = r.value;
    expect(t!.title).toHaveLength(300);
    expect(t!.description).toHaveLength(20_000);
    expect(t!.details).toHaveLength(100_000);
    expect(t!.testStrategy).toHaveLength(20_000);
    expect(r.warnings).toEqual([
      "Cut the title to 300 characters (task 1)",
      "Cut description to 20,000 characters (task 1)",
      "Cut details to 100,000 characters (task 1)",
      "Cut testStrategy to 20,000 characters (task 1)",
    ]);
  });

  it("drops entries without a title and points dependencies on them out", () => {
    const r = normalizePlan({
      tasks: [task(), task({ id: 2, title: " " }), task({ id: 3, title: "Chores", dependencies: [1, 2] }), 42],
    });
    expect(r.value.map((t) => [t.draftId, t.title, t.dependencies])).toEqual([
      [1, "Set up project", []],
      [2, "Chores", [1]],
    ]);
    expect(r.warnings).toEqual([
      "Dropped an entry with no title (task 2)",
      "Dropped an entry that is not a task (task 4)",
      "Renumbered the tasks 1, 2 in order; dependencies follow the new numbers",
      'Task 2 "Chores": dropped a dependency on task 2, which had no title',
    ]);
  });

  it("remaps dependencies when the model numbered from 0 or in tens", () => {
    const zero = normalizePlan({ tasks: [task({ id: 0 }), task({ id: 1, title: "B", dependencies: [0] })] });
    expect(zero.value.map((t) => t.dependencies)).toEqual([[], [1]]);
    const tens = normalizePlan({
      tasks: [task({ id: 10 }), task({ id: 20, title: "B", dependencies: [10] }), task({ id: 30, title: "C", dependencies: ["20", 10] })],
    });
    expect(tens.value.map((t) => t.dependencies)).toEqual([[], [1], [1, 2]]);
    expect(tens.warnings).toContain("Renumbered the tasks 1-3 in order; dependencies follow the new numbers");
  });

  it("accepts single objects, wrappers and keyed objects, but unwraps only once", () => {
    expect(normalizePlan(task()).value).toHaveLength(1);
    expect(normalizePlan({ response: { plan: [task()] } }).warnings).toEqual(['Read the task list from "response.plan"']);
    expect(normalizePlan({ "1": task(), "2": task({ title: "B" }) }).value.map((t) => t.title)).toEqual(["Set up project", "B"]);
    expect(shapeError(() => normalizePlan({ a: { b: { tasks: [task()] } } })).message).toContain('expected {"tasks": [...]}');
  });

  it("does not count a repeated task's id as a clash", () => {
    const r = normalizePlan({ tasks: [task(), task(), task({ id: 2, title: "B", dependencies: [1] })] });
    expect(r.value.map((t) => t.dependencies)).toEqual([[], [1]]);
    expect(r.warnings).toEqual(['Dropped a repeat of task 1 "Set up project" (task 2)']);
  });

  it("caps the task count", () => {
    const many = Array.from({ length: 130 }, (_, i) => task({ id: i + 1, title: `Task ${i + 1}` }));
    expect(normalizePlan(many).value).toHaveLength(100);
    expect(normalizePlan(many, { maxTasks: 5 }).warnings).toContain("Kept the first 5 tasks and dropped 125 more");
    expect(normalizePlan(many, { maxTasks: Number.NaN }).value).toHaveLength(100);
    expect(normalizePlan(many, { maxTasks: 0 }).value).toHaveLength(1);
  });

  it("throws PlanShapeError with the problems listed", () => {
    for (const [raw, fragment] of [
      [null, "the answer is nothing"],
      ["tasks", "the answer is a string"],
      [{}, "empty object"],
      [{ tasks: [] }, "the task list is empty"],
      [[], "the task list is empty"],
      [{ tasks: [{ description: "no title" }, 7] }, "task 1 has no title; task 2 is a number (7), not an object"],
      [{ error: "model overloaded" }, 'an object with keys "error"'],
    ] as const) {
      const e = shapeError(() => normalizePlan(raw));
      expect(e.message, JSON.stringify(raw)).toContain(fragment);
      expect(e.message).toMatch(/^The model's answer has no usable tasks: /);
      expect(e.problems.length).toBeGreaterThan(0);
      expect(e.code).toBe("bad_gateway");
    }
  });
});

describe("normalizeSubtasks", () => {
  it("never returns a priority and keeps dependencies on earlier siblings only", () => {
    const r = normalizeSubtasks({
      subtasks: [task({ dependencies: [2] }), task({ id: 2, title: "B", dependencies: ["1", 1, "#1"] })],
    });
    expect(r.value).toEqual([
      { draftId: 1, title: "Set up project", description: "d", details: "x", testStrategy: "t", dependencies: [] },
      { draftId: 2, title: "B", description: "d", details: "x", testStrategy: "t", dependencies: [1] },
    ]);
    expect(r.warnings[0]).toBe('Subtask 1 "Set up project": dropped a dependency on subtask 2 "B", which comes later');
  });

  it("defaults to at most 50 subtasks, the most a task may recommend", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ title: `S${i}` }));
    expect(normalizeSubtasks(many).value).toHaveLength(50);
  });
});

describe("normalizeComplexity", () => {
  const entry = (over: Record<string, unknown>) => ({
    taskId: "1",
    complexityScore: 5,
    recommendedSubtasks: 3,
    expansionPrompt: "p",
    reasoning: "r",
    ...over,
  });

  it("canonicalises refs including subtask refs", () => {
    const r = normalizeComplexity({ tasks: [entry({ taskId: "#2.1" }), entry({ taskId: 12 })] }, ["2.1", "#12"]);
    expect(r.value.map((e) => e.taskRef)).toEqual(["2.1", "12"]);
  });

  it("clamps and rounds scores and counts", () => {
    const r = normalizeComplexity(
      {
        tasks: [
          entry({ taskId: "1", complexityScore: -3, recommendedSubtasks: 2.4 }),
          entry({ taskId: "2", complexityScore: "9.6", recommendedSubtasks: -1 }),
          entry({ taskId: "3", complexityScore: "8 out of 10", recommendedSubtasks: null }),
        ],
      },
      ["1", "2", "3"],
    );
    expect(r.value.map((e): [number, number | null] => [e.complexityScore, e.recommendedSubtasks])).toEqual([
      [1, 2],
      [10, 0],
      [8, null],
    ]);
  });

  it("throws when nothing usable comes back", () => {
    expect(shapeError(() => normalizeComplexity({ tasks: [entry({ taskId: "99" })] }, ["1"])).message).toContain(
      'entry 1 is about task "99", which was not in the list',
    );
    expect(shapeError(() => normalizeComplexity("no", ["1"])).message).toContain("no usable analysis");
  });

  it("returns drafts that fit the task columns", () => {
    const r = normalizeComplexity({ tasks: [entry({ reasoning: "r".repeat(12_000) })] }, ["1"]);
    expect(r.value[0]!.reasoning).toHaveLength(10_000);
    expect(r.warnings).toEqual(["Cut reasoning to 10,000 characters (task 1)"]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("corpus", () => {
  it("is large and varied enough to mean something", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CORPUS.map((c) => c.id)).size).toBe(CORPUS.length);
    for (const job of ["parse-prd", "expand", "complexity"] as const) {
      const outcomes = new Set(CORPUS.filter((c) => c.job === job).map((c) => c.expect.outcome));
      expect([...outcomes].sort(), job).toEqual(["ok", "repair-error", "shape-error", "truncated"]);
    }
  });

  it("reports the success rate the corpus promises", () => {
    const rate = corpusSuccessRate();
    expect(rate.total).toBe(CORPUS.length);
    expect(rate.valid).toBe(rate.expectedValid);
    expect(rate.expectedValid).toBe(CORPUS.filter((c) => c.expect.outcome === "ok").length);
  });

  const titleOf = (v: unknown) => (v as PlanDraftTask).title;
  const depsOf = (v: unknown) => (v as PlanDraftTask).dependencies;

  it.each(CORPUS.map((c) => [c.id, c] as const))("%s", (_id, c: CorpusCase) => {
    const got = runCorpusCase(c);
    const want = c.expect;
    expect(got.outcome).toBe(want.outcome);
    if (got.outcome === "repair-error" || got.outcome === "shape-error") {
      expect(got.message).toContain((want as { message: string }).message);
      if (got.outcome === "shape-error" && want.outcome === "shape-error" && want.truncated !== undefined) {
        expect(got.truncated).toBe(want.truncated);
      }
      return;
    }
    if (want.outcome !== "ok" && want.outcome !== "truncated") return;

    if (want.count !== undefined) expect(got.value).toHaveLength(want.count);
    if (want.value !== undefined) expect(got.value).toEqual(want.value);
    if (want.titles) expect(got.value.map(titleOf)).toEqual(want.titles);
    if (want.dependencies) expect(got.value.map(depsOf)).toEqual(want.dependencies);
    if (want.priorities) expect(got.value.map((v) => (v as PlanDraftTask).priority)).toEqual(want.priorities);
    if (want.scores) {
      expect(
        got.value.map((v) => [
          (v as ComplexityDraft).taskRef,
          (v as ComplexityDraft).complexityScore,
          (v as ComplexityDraft).recommendedSubtasks,
        ]),
      ).toEqual(want.scores);
    }
    if (want.warnings) expect(got.warnings).toEqual(want.warnings);
    if (want.repairs) expect(got.repairs).toEqual(want.repairs);

    // Whatever the input, a usable result only ever points backwards.
    if (c.job !== "complexity") {
      got.value.forEach((v, i) => {
        const draft = v as PlanDraftTask;
        expect(draft.draftId).toBe(i + 1);
        for (const d of draft.dependencies) expect(d).toBeLessThan(draft.draftId);
      });
    }
  });
});
