import { describe, expect, it } from "vitest";
import { buildGraph } from "@/lib/tasks/rules/task-graph";
import { specGraph, type TaskSpec } from "@/lib/test/graph";
import type { ChatUIMessage } from "./types";
import { estimateTokens, summarizeProject } from "./summary";
import { fitHistory } from "./turn";

describe("project summary for the assistant", () => {
  it("lists every task with status and prerequisites when it fits", () => {
    const g = specGraph([
      { ref: "1", status: "done", title: "Repo" },
      { ref: "2", status: "in-progress", title: "Accounts", deps: ["1"] },
      { ref: "3", title: "Form", deps: ["2"] },
      { ref: "3.1", title: "Validation" },
    ]);
    const s = summarizeProject(g, "Expenses", 2000);
    expect(s.text.split("\n")).toEqual([
      'Project "Expenses": 4 tasks (1 done, 1 in-progress, 2 pending).',
      expect.stringMatching(/^Next task: /),
      "Tasks (#ref [status] priority title ← prerequisites):",
      "#1 [done] Repo",
      "#2 [in-progress] Accounts ← #1",
      "#3 [pending blocked] Form ← #2",
      "#3.1 [pending blocked] Validation",
    ]);
    expect(s.shown).toBe(4);
  });

  it("stays within the token budget and keeps open work over finished work", () => {
    const tasks: TaskSpec[] = [];
    for (let n = 1; n <= 3000; n++)
      tasks.push({
        ref: String(n),
        status: n <= 2500 ? "done" : n <= 2510 ? "in-progress" : "pending",
        title: `A reasonably long title for task number ${n} in the plan`,
      });
    const g = specGraph(tasks);
    for (const budget of [300, 1000, 4000]) {
      const s = summarizeProject(g, "Big", budget);
      expect(s.tokens).toBeLessThanOrEqual(budget);
      expect(estimateTokens(s.text)).toBe(s.tokens);
      expect(s.shown).toBeLessThan(3000);
      expect(s.text).toMatch(new RegExp(`\\(${3000 - s.shown} more tasks not listed: .*Use searchTasks or readTask`));
    }
    const s = summarizeProject(g, "Big", 1000);
    // In-progress tasks come first, then ready pending ones; finished work only with room to spare.
    expect(s.text).toContain("#2501 [in-progress]");
    expect(s.text).toContain("#2510 [in-progress]");
    expect(s.text).not.toContain("[done]");
    const bigger = summarizeProject(g, "Big", 40_000);
    expect(bigger.text).toContain("[done]");
    expect(bigger.shown).toBeGreaterThan(s.shown);
  });

  it("says so when the project is empty", () => {
    expect(summarizeProject(buildGraph([], []), "Empty", 500).text).toContain("The project has no tasks yet.");
  });
});

describe("conversation history within the context", () => {
  const msg = (i: number, role: "user" | "assistant", len: number): ChatUIMessage => ({
    id: `m${i}`,
    role,
    parts: [{ type: "text", text: "x".repeat(len) }],
  });
  it("keeps the newest messages that fit, starting with a user message", () => {
    const history = [msg(1, "user", 400), msg(2, "assistant", 4000), msg(3, "user", 400), msg(4, "assistant", 400), msg(5, "user", 400)];
    expect(fitHistory(history, 100_000).map((m) => m.id)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(fitHistory(history, 400).map((m) => m.id)).toEqual(["m3", "m4", "m5"]);
    // The last message always goes, however long.
    expect(fitHistory([msg(1, "user", 100_000)], 10).map((m) => m.id)).toEqual(["m1"]);
  });
});
