import { describe, expect, it } from "vitest";
import { customRangeProblem, localDay, presetRange } from "./presets";

describe("report period presets", () => {
  it("turns presets into start dates counted in calendar days including today", () => {
    const today = "2026-03-12";
    expect(presetRange("7d", today, "2025-01-01")).toEqual({ from: "2026-03-06" });
    expect(presetRange("14d", today, "2025-01-01")).toEqual({ from: "2026-02-27" });
    expect(presetRange("30d", today, "2025-01-01")).toEqual({ from: "2026-02-11" });
    expect(presetRange("month", today, "2025-01-01")).toEqual({ from: "2026-03-01" });
    expect(presetRange("all", today, "2025-06-30")).toEqual({ from: "2025-06-30" });
    // A project created "tomorrow" by a clock a little ahead still reports from today.
    expect(presetRange("all", today, "2026-03-13")).toEqual({ from: "2026-03-12" });
  });

  it("checks a custom range before sending it", () => {
    expect(customRangeProblem("2026-03-01", "2026-03-12", "2026-03-12")).toBeNull();
    expect(customRangeProblem("2026-03-12", "2026-03-12", "2026-03-12")).toBeNull();
    expect(customRangeProblem("", "2026-03-12", "2026-03-12")).toBe("Choose both dates.");
    expect(customRangeProblem("2026-03-13", "2026-03-12", "2026-03-12")).toBe("The start date is after the end date.");
    expect(customRangeProblem("2026-03-13", "2026-03-20", "2026-03-12")).toBe("The period starts in the future.");
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
