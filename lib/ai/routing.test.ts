import { describe, expect, it } from "vitest";
import { isLocalHost } from "./local-host";
import { COMPLEX_PRD_TOKENS, estimateTokens, routeJob } from "./routing";

const link = { endpointId: "local", model: "qwen3:32b" };
const withComplex = { roles: { main: [link], complex: [link] }, complexityThreshold: 7 };
const noComplex = { roles: { main: [link], complex: [] }, complexityThreshold: 7 };

describe("routeJob", () => {
  it("uses complex exactly at and above the threshold, and says why", () => {
    expect(routeJob(withComplex, "main", { kind: "complexity", score: 8 })).toEqual({
      role: "complex",
      routedBecause: "complexity 8 ≥ 7 → complex",
    });
    expect(routeJob(withComplex, "main", { kind: "complexity", score: 7 })).toEqual({
      role: "complex",
      routedBecause: "complexity 7 ≥ 7 → complex",
    });
    expect(routeJob(withComplex, "main", { kind: "complexity", score: 6 })).toEqual({
      role: "main",
      routedBecause: "complexity 6 < 7 → main",
    });
    expect(routeJob(withComplex, "fast", { kind: "complexity", score: null })).toEqual({
      role: "fast",
      routedBecause: "no complexity score → fast",
    });
    expect(routeJob({ ...withComplex, complexityThreshold: 9 }, "main", { kind: "complexity", score: 8 }).role).toBe("main");
  });

  it("keeps the usual role when no complex model is configured, and says so", () => {
    expect(routeJob(noComplex, "fast", { kind: "complexity", score: 9 })).toEqual({
      role: "fast",
      routedBecause: "complexity 9 ≥ 7, but no complex model is configured → fast",
    });
  });

  it("routes whole-project analysis and long PRDs", () => {
    expect(routeJob(withComplex, "main", { kind: "analysis", wholeProject: true })).toEqual({
      role: "complex",
      routedBecause: "whole project → complex",
    });
    expect(routeJob(withComplex, "main", { kind: "analysis", wholeProject: false }).role).toBe("main");
    expect(routeJob(withComplex, "main", { kind: "prd", tokens: COMPLEX_PRD_TOKENS + 1 })).toEqual({
      role: "complex",
      routedBecause: "PRD ≈ 6,001 tokens > 6,000 → complex",
    });
    expect(routeJob(withComplex, "main", { kind: "prd", tokens: COMPLEX_PRD_TOKENS }).routedBecause).toBe(
      "PRD ≈ 6,000 tokens ≤ 6,000 → main",
    );
    expect(routeJob(withComplex, "fast", { kind: "usual", job: "add-task" })).toEqual({ role: "fast", routedBecause: "add-task → fast" });
  });

  it("estimates about four characters a token", () => {
    expect(estimateTokens("x".repeat(24_001))).toBe(6001);
  });
});

describe("isLocalHost", () => {
  it.each([
    "http://127.0.0.1:11434",
    "http://localhost:11434",
    "http://[::1]:11434",
    "http://10.0.0.5",
    "http://172.16.3.4",
    "http://172.31.255.255",
    "http://192.168.1.20:11434",
    "http://169.254.10.1",
    "http://[fe80::1]",
    "http://[fd12:3456::1]",
    "http://gpu-box:11434",
    "http://ollama.local",
    "http://nas.lan:11434",
    "http://llm.home.arpa",
  ])("%s is local", (url) => expect(isLocalHost(url)).toBe(true));

  it.each([
    "https://api.openai.com/v1",
    "https://openrouter.ai/api",
    "http://8.8.8.8",
    "http://172.32.0.1",
    "http://192.169.0.1",
    "http://[2001:db8::1]",
    "https://ollama.example.com",
    "not a url",
  ])("%s is external", (url) => expect(isLocalHost(url)).toBe(false));
});
