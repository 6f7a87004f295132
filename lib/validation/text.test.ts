import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { endpointInput } from "./ai";
import { chatTurnInput } from "./chat";
import { text } from "./common";
import { createProjectInput } from "./projects";
import { reportInput } from "./reports";
import { parseInput } from "./parse";
import { createTaskInput } from "./tasks";

describe("free text", () => {
  it("refuses lone surrogates, keeps well-formed text outside the basic plane", () => {
    const title = text.trim().min(1).max(5);
    expect(title.parse(" 🚀𝄞 ")).toBe("🚀𝄞");
    for (const bad of ["\ud800", "a\udfffb", "\ud83d", "x\ude80"]) expect(title.safeParse(bad).success).toBe(false);
    const e = (() => {
      try {
        parseInput(createTaskInput, { title: "ok\ud800" });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toBe("title: is not valid Unicode text (it holds an unpaired surrogate)");
  });

  it("covers chat messages, projects, reports and AI endpoints", () => {
    const turn = chatTurnInput.safeParse({
      threadId: "t1",
      message: { id: "m1", role: "user", parts: [{ type: "text", text: "hi \ud800" }] },
    });
    expect(turn.success).toBe(false);
    expect(turn.error?.issues[0]?.path).toEqual(["message"]);
    expect(createProjectInput.safeParse({ name: "P\udc00" }).success).toBe(false);
    expect(reportInput.safeParse({ timeZone: "\ud800" }).success).toBe(false);
    expect(endpointInput.safeParse({ id: "x", kind: "ollama", name: "n", url: "http://h/\ud800" }).success).toBe(false);
    expect(endpointInput.safeParse({ id: "x", kind: "ollama", name: "n", url: "http://127.0.0.1:11434" }).success).toBe(true);
  });
});
