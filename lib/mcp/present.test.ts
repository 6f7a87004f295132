import { describe, expect, it } from "vitest";
import { fitAnswer, type Data } from "./present";
import { selectTools, visibleTo, whyUnavailable } from "./tools";

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe("fitAnswer", () => {
  it("leaves an answer that fits alone", () => {
    const r = fitAnswer({ data: { tasks: [1, 2, 3] }, render: (d) => `${(d.tasks as number[]).length} tasks` }, "");
    expect(r).toEqual({ content: [{ type: "text", text: "3 tasks" }], structuredContent: { tasks: [1, 2, 3] } });
  });

  it("cuts a long list to a prefix and says how many were left out and how to read them", () => {
    const tasks = Array.from({ length: 5_000 }, (_, i) => ({ ref: String(i + 1), title: `Task number ${i + 1} with a title` }));
    const r = fitAnswer(
      { data: { tasks }, render: (d) => (d.tasks as { title: string }[]).map((t) => t.title).join("\n") },
      "Use cursor.",
      50_000,
    );
    expect(size(r)).toBeLessThanOrEqual(50_000);
    const kept = (r.structuredContent as { tasks: unknown[] }).tasks;
    expect(kept.length).toBeGreaterThan(100);
    expect(kept[0]).toEqual(tasks[0]);
    expect((r.structuredContent as Data).notice).toMatch(new RegExp(`tasks: the first ${kept.length} of 5000 shown\\)\\. Use cursor\\.$`));
  });

  it("shares the room between long texts instead of emptying the longest", () => {
    const task = { title: "t", details: "d".repeat(90_000), description: "s".repeat(30_000) };
    const r = fitAnswer({ data: { task }, render: (d) => JSON.stringify(d.task) }, "Read on with offset.", 96_000);
    expect(size(r)).toBeLessThanOrEqual(96_000);
    const kept = (r.structuredContent as { task: typeof task }).task;
    expect(kept.details.length).toBeGreaterThan(10_000);
    expect(kept.description.length).toBeGreaterThan(10_000);
    expect(kept.title).toBe("t");
  });
});

describe("tool selection", () => {
  const names = (spec: string | null) => selectTools(spec).map((t) => t.name);
  it("defaults to core, tiers nest, names pick single tools, unknown names are refused", () => {
    expect(names(null)).toHaveLength(8);
    expect(names("standard")).toEqual(expect.arrayContaining(names("core")));
    expect(names("all")).toHaveLength(24);
    expect(names("next_task,core")).toEqual(names("core"));
    expect(() => selectTools("core,nope")).toThrow('unknown tool or tier "nope"');
  });

  it("hides write tools from a read-only token and says why they cannot be called", () => {
    const reader = { userId: "u", isAdmin: false, tokenScopes: ["read" as const] };
    const offered = visibleTo(reader, selectTools("all"));
    expect(offered.every((t) => t.scope === "read")).toBe(true);
    expect(whyUnavailable(reader, offered, "remove_task")).toContain("read-only");
    const writer = { userId: "u", isAdmin: false, tokenScopes: ["read" as const, "write" as const] };
    expect(whyUnavailable(writer, visibleTo(writer, selectTools("core")), "remove_task")).toContain("?tools=standard");
    expect(whyUnavailable(writer, visibleTo(writer, selectTools("core")), "get_tasks")).toBeNull();
  });
});
