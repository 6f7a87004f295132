import { describe, expect, it } from "vitest";
import { parameterCount, recommend } from "./recommend";
import type { BenchModelResult, BenchRunDto } from "./types";

const model = (
  name: string,
  s: { valid: number; firstTime: number; ttftMs: number; totalMs: number; tps?: number },
  extra: Partial<BenchModelResult> = {},
): BenchModelResult => ({
  endpointId: "local",
  endpointName: "Local Ollama",
  model: name,
  status: "done",
  parameterSize: null,
  jobs: [],
  summary: {
    loadMs: 100,
    ttftMs: s.ttftMs,
    tokensPerSecond: s.tps ?? 10,
    totalMs: s.totalMs,
    valid: s.valid,
    firstTime: s.firstTime,
    jobs: 3,
  },
  error: null,
  ...extra,
});
const run = (id: string, models: BenchModelResult[], finishedAt = "2026-12-01T10:00:00.000Z"): BenchRunDto => ({
  id,
  status: "done",
  cancelRequested: false,
  models,
  progress: null,
  error: null,
  createdAt: finishedAt,
  finishedAt,
});

describe("recommend", () => {
  it("main is the most reliable, fast the quickest to its first token among the most reliable, complex the biggest reliable one", () => {
    const recs = recommend([
      run("r1", [
        model("phi3:3.8b", { valid: 3, firstTime: 2, ttftMs: 1400, totalMs: 20_000 }, { parameterSize: "3.8B" }),
        model("qwen3:14b", { valid: 3, firstTime: 3, ttftMs: 4100, totalMs: 60_000 }, { parameterSize: "14.8B" }),
        model("tiny:0.5b", { valid: 1, firstTime: 1, ttftMs: 300, totalMs: 5_000 }, { parameterSize: "494M" }),
        model("gone:7b", { valid: 0, firstTime: 0, ttftMs: 0, totalMs: 10 }, { status: "failed" }),
      ]),
    ]);
    const by = Object.fromEntries(recs.map((r) => [r.role, r]));
    expect(by.main?.model).toBe("qwen3:14b");
    expect(by.fast?.model).toBe("phi3:3.8b");
    expect(by.fast?.because).toBe("1.4 s to first token, valid 3/3");
    expect(by.complex?.model).toBe("qwen3:14b");
    expect(by.fallback?.model).toBe("phi3:3.8b");
    expect(recs.some((r) => r.model === "gone:7b")).toBe(false);
  });

  it("uses each model's latest result, and recommends nothing without a valid plan", () => {
    const newer = run("new", [model("a:1b", { valid: 0, firstTime: 0, ttftMs: 100, totalMs: 100 })], "2026-12-02T10:00:00.000Z");
    const older = run("old", [model("a:1b", { valid: 3, firstTime: 3, ttftMs: 100, totalMs: 100 })]);
    expect(recommend([newer, older])).toEqual([]);
    expect(recommend([])).toEqual([]);
  });

  it("reads Ollama's parameter sizes", () => {
    expect(parameterCount("3.8B")).toBe(3.8e9);
    expect(parameterCount("751.63M")).toBeCloseTo(7.5163e8);
    expect(parameterCount(null)).toBe(0);
  });
});
