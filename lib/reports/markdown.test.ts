import { describe, expect, it } from "vitest";
import { buildGraph } from "@/lib/tasks/rules/task-graph";
import { escapeInline, renderReportMarkdown } from "./markdown";
import { computeReportStats } from "./stats";
import { at, created, GRAPH, HISTORY, MARCH, node, status } from "./test-history";

const stats = computeReportStats(HISTORY, GRAPH, MARCH);
const md = renderReportMarkdown(stats, { projectName: "Home lab" });
const lines = md.split("\n");

/** The lines under a heading, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string[] {
  const all = text.split("\n");
  const start = all.indexOf(heading);
  expect(start, `missing section ${heading}`).toBeGreaterThanOrEqual(0);
  const level = heading.match(/^#+/)![0].length;
  const rest = all.slice(start + 1);
  const end = rest.findIndex((l) => /^#+ /.test(l) && l.match(/^#+/)![0].length <= level);
  return (end < 0 ? rest : rest.slice(0, end)).filter((l) => l.trim() !== "");
}

describe("renderReportMarkdown", () => {
  it("has every section, in order, and no narrative unless asked", () => {
    expect(lines.filter((l) => l.startsWith("#"))).toEqual([
      "# Progress report: Home lab",
      "## Summary",
      "## Completion over time",
      "## Throughput per week",
      "## Done in the period (3)",
      "## In progress (3)",
      "## Blocked (1)",
      "## Next up",
      "## Risks",
    ]);
    expect(lines[2]).toBe("**Period:** 2026-03-02 to 2026-03-15 (14 days, UTC) · **Generated:** 2026-03-16 12:00 UTC");
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toContain("Narrative");
  });

  it("writes the summary figures from the statistics", () => {
    const summary = section(md, "## Summary");
    expect(summary[0]).toBe(
      "2 tasks and 1 subtask completed in the period. Top-level tasks: 3 of 7 done (42%), up from 1 of 4 at the start.",
    );
    expect(summary.slice(1, 13)).toEqual([
      "| | Tasks | Subtasks |",
      "|---|---:|---:|",
      "| Scope at start | 4 | 2 |",
      "| Scope at end | 7 | 2 |",
      "| Done at start | 1 | 0 |",
      "| Done at end | 3 (42%) | 1 (50%) |",
      "| Completed in the period | 2 | 1 |",
      "| Reopened | 3 | 0 |",
      "| Added | 5 | 0 |",
      "| … of which imported | 2 | 0 |",
      "| Deleted | 1 | 0 |",
      "| Cancelled | 1 | 0 |",
    ]);
    expect(summary[13]).toContain("(moves to done in all: 5 for tasks, 1 for subtasks)");
  });

  it("tabulates the burn-up and throughput exactly as computed", () => {
    const burnup = section(md, "## Completion over time");
    expect(burnup.slice(0, 3)).toEqual(["Top-level tasks at the end of each day.", "| Day | Scope | Done |", "|---|---:|---:|"]);
    expect(burnup.slice(3)).toEqual(stats.burnup.map((d) => `| ${d.day} | ${d.scope} | ${d.done} |`));
    expect(burnup).toContain("| 2026-03-12 | 6 | 3 |");

    expect(section(md, "## Throughput per week")).toEqual([
      "Tasks completed per ISO week, counted in the week of their last completion.",
      "| Week | Starts | Tasks | Subtasks |",
      "|---|---|---:|---:|",
      "| 2026-W10 | 2026-03-02 | 1 | 1 |",
      "| 2026-W11 | 2026-03-09 | 1 | 0 |",
    ]);
  });

  it("lists what was done, what is in progress, blocked, next and at risk", () => {
    expect(section(md, "## Done in the period (3)")).toEqual([
      "- #7 Created done — 2026-03-07",
      "- #2.1 Tables — 2026-03-08",
      "- #3 API v2 — 2026-03-10",
    ]);
    expect(section(md, "## In progress (3)")).toEqual([
      "As of 2026-03-16 12:00 UTC, like the sections below.",
      "- #2 Schema — in progress since 2026-03-02",
      "- #6 Imported pending — in progress since 2026-03-16",
      "- #9 Later reopened — in review since 2026-03-14",
    ]);
    expect(section(md, "## Blocked (1)")).toEqual(["- #9 Later reopened — waiting on #2 Schema (in progress)"]);
    const next = section(md, "## Next up");
    expect(next[0]).toBe(`**#2.2 Indexes** (medium priority). ${stats.next.reason}`);
    expect(next.slice(1)).toEqual([
      "Ready to work (4):",
      "- #1 Foundation — medium priority, pending",
      "- #2 Schema — medium priority, in progress",
      "- #2.2 Indexes — medium priority, pending",
      "- #6 Imported pending — medium priority, in progress",
    ]);
    expect(section(md, "## Risks")).toEqual([
      "**High complexity, not started** (complexity 8 or more, still pending): 1",
      "- #1 Foundation — complexity 9",
      "**In progress for 7 days or more** (since the last move into in progress): 1",
      "- #2 Schema — 14 days, since 2026-03-02",
      "**Depending on cancelled tasks** (open work that still lists a cancelled prerequisite): 1",
      "- #4 Legacy importer (cancelled) is still a prerequisite of #6 Imported pending (in progress)",
    ]);
  });

  it("says so when a period is quiet and lists are empty", () => {
    const empty = renderReportMarkdown(computeReportStats([], buildGraph([], []), MARCH), { projectName: "Empty" });
    expect(section(empty, "## Done in the period (0)")).toEqual(["_Nothing was completed in this period._"]);
    expect(section(empty, "## In progress (0)").slice(1)).toEqual(["_Nothing is in progress._"]);
    expect(section(empty, "## Blocked (0)")).toEqual(["_Nothing is blocked._"]);
    expect(section(empty, "## Next up")).toEqual(["_This project has no tasks yet._", "Ready to work (0):", "_Nothing is ready._"]);
    expect(section(empty, "## Risks").filter((l) => l === "_None._")).toHaveLength(3);
  });

  it("puts the narrative last, quoted and attributed to its model, or says why it is missing", () => {
    const withText = renderReportMarkdown(stats, {
      projectName: "Home lab",
      narrative: { text: "Good fortnight.\n\nTwo tasks landed.", model: "llama3.2" },
    });
    expect(withText.startsWith(md.trimEnd())).toBe(true);
    expect(section(withText, "## Narrative (AI-written)")).toEqual([
      "_Written by the model llama3.2 from the figures above. The figures are computed from the project's history; this text is not, so check it against them._",
      "> Good fortnight.",
      ">",
      "> Two tasks landed.",
    ]);
    const failed = renderReportMarkdown(stats, { projectName: "Home lab", narrativeError: "No AI model could be reached." });
    expect(section(failed, "## Narrative (AI-written)")).toEqual([
      "_The narrative could not be written: No AI model could be reached. The figures above are complete._",
    ]);
  });

  it("escapes titles so they cannot add markup, links or table cells", () => {
    expect(escapeInline("Fix *all* the [links](x) | <b>bold</b> & more\nsecond line")).toBe(
      "Fix \\*all\\* the \\[links\\](x) \\| \\<b\\>bold\\</b\\> \\& more second line",
    );
    const s = computeReportStats(
      [created("1", "Use `npx` | *now*", "pending", "2026-03-03T09:00:00Z"), status("1", "pending", "done", "2026-03-04T09:00:00Z")],
      buildGraph([node("1", "Use `npx` | *now*", "done")], []),
      MARCH,
    );
    const out = renderReportMarkdown(s, { projectName: "A|B" });
    expect(out.split("\n")[0]).toBe("# Progress report: A\\|B");
    expect(section(out, "## Done in the period (1)")).toEqual(["- #1 Use \\`npx\\` \\| \\*now\\* — 2026-03-04"]);
  });

  it("switches the burn-up table to weekly rows for long periods", () => {
    const long = computeReportStats(HISTORY, GRAPH, {
      from: at("2026-01-01T00:00:00Z"),
      to: at("2026-03-15T23:59:59.999Z"),
      now: MARCH.now,
      timeZone: "UTC",
    });
    expect(long.burnup).toHaveLength(74);
    const table = section(renderReportMarkdown(long, { projectName: "Long" }), "## Completion over time");
    expect(table[0]).toBe("Top-level tasks at the end of each week (Sunday), and on the period's last day.");
    const rows = table.slice(3);
    // Sundays from 4 January to 15 March 2026: eleven, the last one being the period's last day.
    expect(rows).toHaveLength(11);
    expect(rows[0]).toBe("| 2026-01-04 | 0 | 0 |");
    expect(rows.at(-2)).toBe("| 2026-03-08 | 6 | 3 |");
    expect(rows.at(-1)).toBe("| 2026-03-15 | 7 | 3 |");
  });
});
