import { describe, expect, it } from "vitest";
import { parseModelfile, plannerModelName, proposeModelfile, PLANNER_SYSTEM_PROMPT } from "./modelfile";
import { thinkFilter } from "./think-filter";

describe("the proposed Modelfile", () => {
  it("reads back as FROM, the planning SYSTEM prompt and typed PARAMETERs; num_ctx fits the base", () => {
    const text = proposeModelfile({ base: "qwen3:8b", contextLength: 4096, numCtx: 8192, temperature: 0.2 });
    expect(text).toMatch(/^FROM qwen3:8b$/m);
    expect(parseModelfile(text)).toEqual({
      ok: true,
      request: {
        from: "qwen3:8b",
        system: PLANNER_SYSTEM_PROMPT,
        parameters: { temperature: 0.2, num_ctx: 4096, top_p: 0.9, repeat_penalty: 1.1 },
      },
    });
    expect(plannerModelName("qwen3:8b")).toBe("cairn-planner:qwen3-8b");
    expect(plannerModelName("llama3.2:latest")).toBe("cairn-planner:llama3.2");
    expect(plannerModelName("hf.co/org/Some Model:Q4")).toBe("cairn-planner:Some-Model-Q4");
  });
});

describe("reading a Modelfile", () => {
  it("takes multi-line and quoted values, repeated stops, MESSAGE and comments", () => {
    const r = parseModelfile(
      [
        "# mine",
        "FROM llama3.2",
        'SYSTEM """Line one',
        'line two"""',
        'PARAMETER stop "<|eot|>"',
        "PARAMETER stop END",
        "MESSAGE user Hi",
      ].join("\n"),
    );
    expect(r).toEqual({
      ok: true,
      request: {
        from: "llama3.2",
        system: "Line one\nline two",
        parameters: { stop: ["<|eot|>", "END"] },
        messages: [{ role: "user", content: "Hi" }],
      },
    });
  });

  it("says what is wrong, line by line", () => {
    const r = parseModelfile(
      'FROM ./model.gguf\nPARAMETER num_ctx lots\nPARAMETER typical_p 0.7\nPARAMETER mirostat 1\nSYSTEM """never closed',
    );
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors.join("\n");
    expect(errors).toContain("line 1: FROM must name an installed model");
    expect(errors).toContain("line 2: num_ctx must be a whole number");
    expect(errors).toContain("line 3: typical_p can no longer be set");
    expect(errors).toContain('line 4: unknown PARAMETER "mirostat"');
    expect(errors).toContain('line 5: a """ block is never closed');
    expect(parseModelfile("FROM a\nPARAMETER num_ctx 9000", { contextLength: 8192 })).toEqual({
      ok: false,
      errors: ["num_ctx 9000 is more than a can hold (8,192 tokens); use 8192 or less"],
    });
  });
});

describe("the reasoning filter", () => {
  const run = (parts: string[]) => {
    const f = thinkFilter();
    return parts.map((p) => f.push(p)).join("") + f.flush();
  };
  it("drops a leading block however it is split, and keeps everything else", () => {
    expect(run(["  <think>a", "b</think>", "\n", "Answer ", "here"])).toBe("Answer here");
    expect(run(["[THINK]x[/THINK]Done"])).toBe("Done");
    expect(run(["<", "b>bold</b>"])).toBe("<b>bold</b>");
    expect(run(["Plain", " text <think>"])).toBe("Plain text <think>");
    expect(run(["<think>never closed"])).toBe("");
    expect(run(["<thi"])).toBe("<thi");
  });
});
