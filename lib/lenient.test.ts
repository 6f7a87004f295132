import { describe, expect, it } from "vitest";
import { normalizeTaskEdits } from "@/lib/ai/drafts/edits";
import { normalizePlan } from "@/lib/ai/drafts/plan";
import { canonicalRef, clip, flattenText, Notes, priorityFromWord, statusFromWord } from "@/lib/lenient";
import { normalizeTaskMasterFile } from "@/lib/tasks/taskmaster/normalize";

describe("vocabularies", () => {
  it.each([
    [priorityFromWord, "P0", "critical"],
    [priorityFromWord, "ASAP", "critical"],
    [priorityFromWord, "very high", "critical"],
    [priorityFromWord, "Important", "high"],
    [priorityFromWord, "default", "medium"],
    [priorityFromWord, "nice_to_have", "low"],
    [priorityFromWord, "low-ish", "low"],
    [priorityFromWord, "someday", null],
    [priorityFromWord, "", null],
    [statusFromWord, "To Do", "pending"],
    [statusFromWord, "in_progress", "in-progress"],
    [statusFromWord, "Code Review", "review"],
    [statusFromWord, "done (merged in #212)", "done"],
    [statusFromWord, "On Hold", "deferred"],
    [statusFromWord, "won't fix", "cancelled"],
    [statusFromWord, "not done", null],
    [statusFromWord, "blocked", null],
  ])("%o reads %j as %s", (read, word, expected) => {
    expect(read(word)).toBe(expected);
  });

  it("a model's draft, a model's edit and an imported file read the same priority word alike", () => {
    const plan = normalizePlan({
      tasks: [{ id: 1, title: "Ship", description: "", details: "", testStrategy: "", priority: "asap", dependencies: [] }],
    });
    const edit = normalizeTaskEdits({ tasks: [{ id: "1", priority: "asap" }] }, { refs: ["1"] });
    const [file] = normalizeTaskMasterFile({ tasks: [{ id: 1, title: "Ship", priority: "asap" }] });
    expect([plan.value[0]!.priority, edit.value[0]!.changes.priority, file!.tasks[0]!.priority]).toEqual([
      "critical",
      "critical",
      "critical",
    ]);
  });
});

describe("text", () => {
  it("clips without splitting a surrogate pair", () => {
    expect(clip("ab😀c", 3)).toBe("ab");
    expect(clip("ab😀c", 4)).toBe("ab😀");
    expect(clip("abc", 5)).toBe("abc");
  });

  it("a draft title cut at the limit never ends in half an emoji", () => {
    const title = `${"x".repeat(299)}😀 and more`;
    const r = normalizePlan({
      tasks: [{ id: 1, title, description: "", details: "", testStrategy: "", priority: "low", dependencies: [] }],
    });
    expect(r.value[0]!.title).toBe("x".repeat(299));
    expect(r.warnings).toContain("Cut the title to 300 characters (task 1)");
  });

  it("flattens lists to bullet lines and objects to key: value lines", () => {
    expect(flattenText(["one", "two"])).toBe("- one\n- two");
    expect(flattenText(["only"])).toBe("only");
    expect(flattenText({ unit: true, e2e: "login" })).toBe("unit: true\ne2e: login");
  });

  it("reads refs in the forms models write them", () => {
    expect([12, "12", "#12", "task 12", "T-12", "12.3"].map(canonicalRef)).toEqual(["12", "12", "12", "12", "12", "12.3"]);
    expect(["0", "12.0", "x", ""].map(canonicalRef)).toEqual([null, null, null, null]);
  });
});

describe("Notes", () => {
  it("groups items under one line, positions compressed and refs prefixed", () => {
    const byPosition = new Notes("task");
    for (const i of [1, 2, 3, 5]) byPosition.group("No details given", i);
    byPosition.add("Renumbered the tasks");
    byPosition.add("Renumbered the tasks");
    expect(byPosition.list()).toEqual(["No details given (tasks 1-3, 5)", "Renumbered the tasks", "Renumbered the tasks"]);

    const byRef = new Notes("task", "#");
    byRef.group("Read numeric task ids as refs", "2");
    byRef.group("No usable priority; used medium");
    byRef.group("No usable priority; used medium", "");
    expect(byRef.list()).toEqual(["Read numeric task ids as refs (task #2)", "No usable priority; used medium"]);
  });
});
