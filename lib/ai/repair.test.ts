import { describe, expect, it } from "vitest";
import { CORPUS } from "@/lib/ai/corpus/corpus";
import { extractJson, RepairError, stripThinking } from "@/lib/ai/repair";
import { isAppError } from "@/lib/errors";

describe("stripThinking", () => {
  it("removes closed blocks wherever they are", () => {
    expect(stripThinking('<think>\nplan it\n</think>\n{"a": 1}')).toBe('{"a": 1}');
    expect(stripThinking("<thinking>x</thinking>A\n<think>\ny</think>B")).toBe("A\n\nB");
    expect(stripThinking("<think>\nok.</think>{}")).toBe("{}");
  });

  it("drops everything from an unclosed <think> on", () => {
    expect(stripThinking('{"a": 1}\n<think>\nwait, maybe')).toBe('{"a": 1}');
    expect(stripThinking("<think>\nOkay, let me")).toBe("");
  });

  it("drops reasoning before a lone </think> (template opened it)", () => {
    expect(stripThinking('Okay so...\n</think>\n\n{"a": 1}')).toBe('{"a": 1}');
  });

  it("handles magistral's [THINK] tags", () => {
    expect(stripThinking('[THINK]hmm[/THINK]{"a": 1}')).toBe('{"a": 1}');
  });

  it("leaves tags inside JSON strings alone", () => {
    const text = '{"details": "Strip <think> blocks and any </think> tag from replies"}';
    expect(stripThinking(text)).toBe(text);
    expect(stripThinking(`<think>\nhmm\n</think>\n${text}`)).toBe(text);
  });

  it("leaves text without reasoning alone", () => {
    expect(stripThinking('  {"a": "think about <b>"}  ')).toBe('{"a": "think about <b>"}');
  });
});

describe("extractJson", () => {
  it("passes valid JSON through untouched", () => {
    expect(extractJson('{"tasks": [{"id": 1}]}')).toEqual({ value: { tasks: [{ id: 1 }] }, repairs: [], truncated: false });
    expect(extractJson("[1, 2]")).toEqual({ value: [1, 2], repairs: [], truncated: false });
  });

  it("repairs JSON5-ish syntax", () => {
    const r = extractJson("{tasks: [{'title': 'Don\\'t panic', 'n': 1,},], // done\n}");
    expect(r.value).toEqual({ tasks: [{ title: "Don't panic", n: 1 }] });
    expect(r.repairs).toEqual(["repaired JSON syntax"]);
    expect(r.truncated).toBe(false);
  });

  it("keeps apostrophes inside single-quoted strings", () => {
    expect(extractJson("{'details': 'Don't skip the user's settings', 'n': [1]}").value).toEqual({
      details: "Don't skip the user's settings",
      n: [1],
    });
  });

  it("does not count brackets inside strings, or fences inside strings", () => {
    const text = 'Plan:\n{"details": "Use {curly} and [square] and ```bash\\nnpm i\\n``` here", "n": 1}\nDone.';
    const r = extractJson(text);
    expect(r.value).toEqual({ details: "Use {curly} and [square] and ```bash\nnpm i\n``` here", n: 1 });
    expect(r.truncated).toBe(false);
  });

  it("closes a truncated answer and says so", () => {
    const r = extractJson('{"tasks": [{"id": 1, "title": "Set up"}, {"id": 2, "title": "Auth", "description": "Email and pa');
    expect(r.truncated).toBe(true);
    expect(r.repairs).toContain("closed truncated JSON");
    expect(r.value).toEqual({
      tasks: [
        { id: 1, title: "Set up" },
        { id: 2, title: "Auth", description: "Email and pa" },
      ],
    });
  });

  it("treats a fence closing before the brackets balance as truncated", () => {
    const r = extractJson('```json\n{"tasks": [{"id": 1}\n```');
    expect(r.truncated).toBe(true);
    expect(r.value).toEqual({ tasks: [{ id: 1 }] });
  });

  it("picks the largest of several fenced blocks", () => {
    const r = extractJson('```json\n{"a": 1}\n```\ntext\n```json\n{"tasks": [1, 2, 3]}\n```\n```\n[1]\n```');
    expect(r.value).toEqual({ tasks: [1, 2, 3] });
    expect(r.repairs).toContain("picked the largest of 3 JSON values");
  });

  it("prefers a complete block to a smaller, cut-off copy after it", () => {
    const r = extractJson('```json\n{"tasks": [{"id": 1}, {"id": 2}]}\n```\nRevised:\n```json\n{"tasks": [{"id": 1}');
    expect(r.truncated).toBe(false);
    expect(r.value).toEqual({ tasks: [{ id: 1 }, { id: 2 }] });
  });

  it("joins objects written one per line into a list", () => {
    const r = extractJson('{"id": 1}\n{"id": 2},\n{"id": 3}');
    expect(r.value).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(r.repairs).toEqual(["joined 3 separate JSON objects into a list"]);
  });

  it("does not join objects that prose separates", () => {
    expect(extractJson('Example: {"id": 1}\nAnswer: {"id": 2, "title": "x"}').value).toEqual({ id: 2, title: "x" });
  });

  it("takes one copy of an answer written twice, with or without text between", () => {
    expect(extractJson('{"tasks": [1]}{"tasks": [1]}')).toEqual({
      value: { tasks: [1] },
      repairs: ["dropped a repeated copy of the answer"],
      truncated: false,
    });
    expect(extractJson("[1, 2]\n[1, 2]").value).toEqual([1, 2]);
    const r = extractJson('```json\n{"a": 1}\n```\nAgain:\n```json\n{"a": 1}\n```');
    expect(r.value).toEqual({ a: 1 });
    expect(r.repairs).toEqual(["removed code fence", "removed text around the JSON", "dropped a repeated copy of the answer"]);
  });

  it("still joins different objects one per line, and keeps a differing second answer's choice by size", () => {
    expect(extractJson('{"id": 1}\n{"id": 2}').value).toEqual([{ id: 1 }, { id: 2 }]);
    expect(extractJson('{"id": 1}{"id": 1, "title": "x"}').value).toEqual([{ id: 1 }, { id: 1, title: "x" }]);
  });

  it("decodes a JSON document sent as one string literal", () => {
    const r = extractJson('"{\\"tasks\\": [{\\"id\\": 1}]}"');
    expect(r).toEqual({ value: { tasks: [{ id: 1 }] }, repairs: ["decoded the JSON document sent as a string"], truncated: false });
    expect(extractJson('"{\\n  \\"a\\": [1,\\n 2]\\n}"').value).toEqual({ a: [1, 2] });
  });

  it("leaves string values inside a JSON answer, and quoted examples in prose, to the usual rules", () => {
    expect(extractJson('{"tasks": "[{\\"id\\": 1}]"}').value).toEqual({ tasks: '[{"id": 1}]' });
    const r = extractJson('Use the shape "{id, title}" like this:\n{"tasks": [{"id": 1, "title": "A"}]}');
    expect(r.value).toEqual({ tasks: [{ id: 1, title: "A" }] });
    expect(r.repairs).not.toContain("decoded the JSON document sent as a string");
  });

  it("takes a complete answer from inside an unclosed <think> block, but not a cut-off one", () => {
    expect(extractJson('<think>\nLet me write it:\n{"tasks": [{"id": 1}]}').value).toEqual({ tasks: [{ id: 1 }] });
    expect(() => extractJson('<think>\nLet me write it:\n{"tasks": [{"id": 1}')).toThrow(/still reasoning/);
  });

  it("looks past a stray opening brace in the prose before the answer", () => {
    const r = extractJson('Use the format {id, title\n\n{"tasks": [{"id": 1, "title": "A"}]}');
    expect(r.value).toEqual({ tasks: [{ id: 1, title: "A" }] });
    expect(r.truncated).toBe(false);
  });

  it("marks the result incomplete when an unclosed bracket in prose can't be told apart from a cut-off answer", () => {
    expect(extractJson('See [1: the PRD).\n{"tasks": [{"id": 1}]}').truncated).toBe(true);
  });

  it("throws a plain RepairError when there is no JSON", () => {
    for (const [text, fragment] of [
      ["", "empty answer"],
      ["   \n ", "empty answer"],
      ["<think>only this</think>", "only its reasoning"],
      ["<think>and then", "still reasoning"],
      ["Sorry, I cannot do that.", "plain text instead of JSON: “Sorry, I cannot do that.”"],
      ['"just a string"', "plain text"],
      ["42", "plain text"],
    ] as const) {
      let caught: unknown;
      try {
        extractJson(text);
      } catch (e) {
        caught = e;
      }
      expect(caught, text).toBeInstanceOf(RepairError);
      expect((caught as RepairError).message).toContain(fragment);
      // Entry points map AppErrors once; the model is the failing upstream.
      expect(isAppError(caught) && caught.code).toBe("bad_gateway");
    }
  });

  it("shortens long prose in the error", () => {
    const long = `I can't. ${"Really. ".repeat(50)}`;
    expect(() => extractJson(long)).toThrow(/…”$/);
  });
});

describe("extractJson on the corpus", () => {
  it.each(CORPUS.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    if (c.expect.outcome === "repair-error") {
      expect(() => extractJson(c.text)).toThrow(RepairError);
      expect(() => extractJson(c.text)).toThrow(c.expect.message);
      return;
    }
    const r = extractJson(c.text);
    expect(r.value !== null && typeof r.value === "object").toBe(true);
    if (c.expect.outcome === "truncated") {
      expect(r.truncated).toBe(true);
      expect(r.repairs).toContain("closed truncated JSON");
    } else if (c.expect.outcome === "ok") {
      expect(r.truncated).toBe(false);
    } else if (c.expect.truncated !== undefined) {
      expect(r.truncated).toBe(c.expect.truncated);
    }
    if ((c.expect.outcome === "ok" || c.expect.outcome === "truncated") && c.expect.repairs) {
      expect(r.repairs).toEqual(c.expect.repairs);
    }
  });
});
