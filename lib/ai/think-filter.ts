// Streamed text without the reasoning block a thinking model writes before its answer
// ("<think>…</think>Answer"). Cairn sends think: false, but some models and chat templates still
// reason in the content; the chat shows and keeps only the answer. Only a block that opens the
// answer is taken out: a tag further on is text the model meant (a task about <think> tags). Pure.

const OPEN = /^(?:<(?:think|thinking|reasoning)\b[^>]*>|\[THINK\])/i;
const CLOSE = /<\/(?:think|thinking|reasoning)\s*>|\[\/THINK\]/i;
const OPEN_PREFIXES = ["<think", "<thinking", "<reasoning", "[think]"];

export interface ThinkFilter {
  /** The part of this delta that belongs to the answer ("" while a block is open or undecided). */
  push(delta: string): string;
  /** What is still held back once the stream ends: undecided text is answer, an open block is not. */
  flush(): string;
}

export function thinkFilter(): ThinkFilter {
  let state: "start" | "inside" | "after" | "pass" = "start";
  let held = "";
  const push = (delta: string): string => {
    if (state === "pass") return delta;
    held += delta;
    if (state === "start") {
      const lead = held.trimStart().toLowerCase();
      if (lead === "") return "";
      const open = OPEN.exec(held.trimStart());
      if (!open) {
        // Still possibly the start of a tag ("<thi"): wait for more.
        if (OPEN_PREFIXES.some((p) => p.startsWith(lead) || (lead.startsWith(p) && !lead.includes(">")))) return "";
        state = "pass";
        const out = held;
        held = "";
        return out;
      }
      state = "inside";
      held = held.trimStart().slice(open[0].length);
    }
    if (state === "inside") {
      const close = CLOSE.exec(held);
      if (!close) {
        // Keep only a tail that could be the start of the closing tag.
        held = held.slice(-12);
        return "";
      }
      held = held.slice(close.index + close[0].length);
      state = "after";
    }
    // The answer starts after the whitespace that follows the block.
    const rest = held.replace(/^\s+/, "");
    if (rest === "") return "";
    state = "pass";
    held = "";
    return rest;
  };
  return {
    push,
    flush() {
      const out = state === "start" ? held : "";
      held = "";
      return out;
    },
  };
}
