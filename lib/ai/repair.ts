import { jsonrepair } from "jsonrepair";
import { AppError } from "@/lib/errors";

export interface RepairResult {
  value: unknown;
  /** What had to be fixed, in plain words, for logs and the job's detail view. */
  repairs: string[];
  /** The JSON stopped early (usually the model's token limit) and was closed for it; the value is incomplete. */
  truncated: boolean;
}

/** The model's answer holds no JSON we can use. The message is meant for the user. */
export class RepairError extends AppError {
  constructor(message: string, details?: unknown) {
    // The model is the upstream here: its unusable answer is a bad gateway, not bad user input.
    super("bad_gateway", message, details);
    this.name = "RepairError";
  }
}

// Tags reasoning models wrap their chain of thought in: qwen3 / deepseek-r1 use <think>,
// a few fine-tunes use the longer names, magistral uses [THINK].
const TAG = /<(\/?)(?:think|thinking|reasoning)\b[^>]*>|\[(\/?)THINK\]/gi;

interface ThinkingSplit {
  answer: string;
  /** Text of a block that never closed, for the last-resort search. */
  unclosedThinking: string;
  closedBlocks: number;
  unclosed: boolean;
  orphanClose: boolean;
}

/**
 * A tag inside a JSON string (a task about stripping "<think>" tags, say) always has other
 * text on both sides on its line; a real one starts or ends a line.
 */
function atLineEdge(text: string, start: number, end: number): boolean {
  const before = text.lastIndexOf("\n", start - 1);
  const after = text.indexOf("\n", end);
  return text.slice(before + 1, start).trim() === "" || text.slice(end, after < 0 ? text.length : after).trim() === "";
}

function splitThinking(text: string): ThinkingSplit {
  let answer = "";
  let pos = 0;
  let inside = false;
  let openEnd = 0;
  let closedBlocks = 0;
  let orphanClose = false;
  for (const m of text.matchAll(TAG)) {
    const closing = (m[1] ?? m[2]) === "/";
    const end = m.index + m[0].length;
    if (inside) {
      // Once a block is open, its close can sit anywhere ("…done.</think>{").
      if (closing) {
        inside = false;
        closedBlocks++;
        pos = end;
      }
      continue;
    }
    if (!atLineEdge(text, m.index, end)) continue;
    if (closing) {
      // Some chat templates put the opening <think> in the prompt, so only "</think>" comes back.
      orphanClose = true;
      answer = "";
      pos = end;
    } else {
      answer += `${text.slice(pos, m.index)}\n`;
      inside = true;
      openEnd = end;
    }
  }
  if (inside) return { answer, unclosedThinking: text.slice(openEnd), closedBlocks, unclosed: true, orphanClose };
  return { answer: answer + text.slice(pos), unclosedThinking: "", closedBlocks, unclosed: false, orphanClose };
}

/** Removes reasoning blocks, including one the model never closed (everything after it is reasoning). */
export function stripThinking(text: string): string {
  return splitThinking(text).answer.trim();
}

interface Candidate {
  start: number;
  end: number;
  /** Text ran out (or a fence closed) before the brackets balanced. */
  open: boolean;
  /** [opening quote, closing quote] of each complete single-quoted string. */
  singleQuoted: [number, number][];
}

const isSpace = (c: string | undefined) => c === " " || c === "\n" || c === "\r" || c === "\t";

function nextNonSpace(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && isSpace(text[i])) i++;
  return text[i];
}

function prevNonSpace(text: string, before: number): string | undefined {
  let i = before - 1;
  while (i >= 0 && isSpace(text[i])) i--;
  return text[i];
}

/**
 * Finds every top-level {…} / […] span. Knows enough JSON (strings, escapes, comments, and
 * single-quoted strings as small models write them) that brackets inside text don't count.
 */
function findCandidates(text: string, from: number): Candidate[] {
  const found: Candidate[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c !== "{" && c !== "[") {
      i++;
      continue;
    }
    const start = i;
    const stack: string[] = [];
    let quote: string | null = null;
    let quoteStart = -1;
    const singleQuoted: [number, number][] = [];
    let end = -1;
    let open = true;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (quote) {
        if (ch === "\\") {
          i++;
        } else if (ch === quote) {
          // An apostrophe only ends a single-quoted string where JSON could continue ("don't" stays inside).
          if (quote === "'" && /^[,:}\]]?$/.test(nextNonSpace(text, i + 1) ?? "")) {
            singleQuoted.push([quoteStart, i]);
            quote = null;
          } else if (quote === '"') quote = null;
        }
        continue;
      }
      if (ch === '"') quote = '"';
      else if (ch === "'" && /[{[,:]/.test(prevNonSpace(text, i) ?? "")) {
        quote = "'";
        quoteStart = i;
      } else if (ch === "/" && text[i + 1] === "/") {
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? text.length : nl;
      } else if (ch === "/" && text[i + 1] === "*") {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length : close + 1;
      } else if (ch === "`" && text.startsWith("```", i)) {
        // A fence closing mid-structure: the JSON inside it never finished.
        end = i;
        break;
      } else if (ch === "{" || ch === "[") stack.push(ch === "{" ? "}" : "]");
      else if (ch === "}" || ch === "]") {
        if (stack[stack.length - 1] === ch) stack.pop();
        else if (!stack.includes(ch))
          continue; // a stray closer; jsonrepair drops it
        else while (stack.length && stack.pop() !== ch);
        if (stack.length === 0) {
          end = i + 1;
          open = false;
          i++;
          break;
        }
      }
    }
    if (end < 0) end = text.length;
    found.push({ start, end, open, singleQuoted });
    if (open && end === text.length) break;
  }
  return found;
}

interface Parsed {
  value: unknown;
  size: number;
  syntaxRepaired: boolean;
  truncated: boolean;
  start: number;
  end: number;
  /** How many separate objects were joined into this list. */
  joined?: number;
}

/**
 * jsonrepair turns the apostrophe in 'Don't' into a double quote, so single-quoted strings
 * are rewritten here first, where the scanner already knows where each one really ends.
 */
function requote(text: string, cand: Candidate): string {
  let out = "";
  let at = cand.start;
  for (const [open, close] of cand.singleQuoted) {
    const inner = text
      .slice(open + 1, close)
      .replace(/\\'/g, "'")
      .replace(/(?<!\\)"/g, '\\"');
    out += `${text.slice(at, open)}"${inner}"`;
    at = close + 1;
  }
  return out + text.slice(at, cand.end);
}

function parseCandidate(text: string, cand: Candidate): Parsed | null {
  const slice = requote(text, cand);
  let value: unknown;
  let syntaxRepaired = cand.singleQuoted.length > 0;
  try {
    value = JSON.parse(slice);
  } catch {
    try {
      value = JSON.parse(jsonrepair(slice));
      syntaxRepaired = true;
    } catch {
      return null;
    }
  }
  if (value === null || typeof value !== "object") return null;
  return {
    value,
    size: JSON.stringify(value).length,
    syntaxRepaired,
    truncated: cand.open,
    start: cand.start,
    end: cand.end,
  };
}

/**
 * Objects written one after another with nothing but commas between them are one list the
 * model forgot to bracket (small models do this with "one task per line").
 */
function joinRuns(text: string, parsed: Parsed[]): Parsed[] {
  const runs: Parsed[] = [];
  let run: Parsed[] = [];
  const flush = () => {
    // The same value written twice in a row is the answer repeated, not a list (see repeats()).
    if (run.length > 1 && new Set(run.map((p) => JSON.stringify(p.value))).size > 1) {
      const value = run.map((p) => p.value);
      runs.push({
        value,
        size: JSON.stringify(value).length,
        syntaxRepaired: run.some((p) => p.syntaxRepaired),
        truncated: run[run.length - 1]!.truncated,
        start: run[0]!.start,
        end: run[run.length - 1]!.end,
        joined: run.length,
      });
    }
    run = [];
  };
  for (const p of parsed) {
    const prev = run[run.length - 1];
    const adjacent = prev && !prev.truncated && /^[\s,]*$/.test(text.slice(prev.end, p.start));
    // A cut-off second copy of the answer ("{…}{… cut") is not the list's next item.
    const cutCopy = adjacent && p.truncated && text.slice(prev.start, prev.end).startsWith(text.slice(p.start, p.end).trimEnd());
    if (cutCopy) {
      flush();
      continue;
    }
    if (!adjacent) flush();
    if (!Array.isArray(p.value)) run.push(p);
    else flush();
  }
  flush();
  return runs;
}

// Bounds the work on long garbage; real answers need one or two passes.
const MAX_RESCANS = 20;

function largest(text: string): { best: Parsed | null; count: number; copies: Parsed[] } {
  const parsed: Parsed[] = [];
  let from = 0;
  for (let pass = 0; pass <= MAX_RESCANS; pass++) {
    let retryFrom = -1;
    for (const cand of findCandidates(text, from)) {
      const p = parseCandidate(text, cand);
      if (p) parsed.push(p);
      // A stray "{" in prose swallows everything after it; look again just past it.
      else if (cand.open && cand.end === text.length) retryFrom = cand.start + 1;
    }
    if (retryFrom < 0) break;
    from = retryFrom;
  }
  let best: Parsed | null = null;
  for (const p of [...parsed, ...joinRuns(text, parsed)]) {
    if (!best || p.size > best.size) best = p;
  }
  return { best, count: parsed.length, copies: best ? repeats(text, parsed, best) : [] };
}

/**
 * The copies of the chosen answer: small models sometimes write the whole answer twice ("{…}{…}",
 * or with a remark or a second fence between the copies), the second one at times cut off.
 */
function repeats(text: string, parsed: Parsed[], best: Parsed): Parsed[] {
  if (best.truncated || best.joined) return [best];
  const same = JSON.stringify(best.value);
  const raw = text.slice(best.start, best.end);
  return parsed.filter((p) =>
    p.truncated
      ? // a copy right after it that the token limit cut off (after a remark, it may be a revision)
        p.start >= best.end &&
        text.slice(best.end, p.start).replace(FENCE, "").trim() === "" &&
        raw.startsWith(text.slice(p.start, p.end).trimEnd())
      : p.size === best.size && JSON.stringify(p.value) === same,
  );
}

/** The text left once the given spans are cut out, fences dropped. */
function outsideOf(text: string, spans: { start: number; end: number }[]): string {
  let out = "";
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, s.start);
    at = Math.max(at, s.end);
  }
  return (out + text.slice(at)).replace(FENCE, "");
}

/**
 * The answer as one JSON string literal ("{\"tasks\": …}"): a `"` whose text starts like a JSON
 * document. Returns the literal's span and its decoded text, first one first.
 */
function stringDocuments(text: string): { start: number; end: number; decoded: string }[] {
  const found: { start: number; end: number; decoded: string }[] = [];
  for (const m of text.matchAll(/"(?=\s*[{[])/g)) {
    const start = m.index;
    if (text[start - 1] === "\\" || found.some((f) => start < f.end)) continue;
    let end = -1;
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === '"') {
        end = i + 1;
        break;
      }
    }
    if (end < 0) continue;
    const literal = text.slice(start, end);
    let decoded: unknown;
    try {
      decoded = JSON.parse(literal);
    } catch {
      try {
        // Raw line breaks or tabs inside the string: not valid JSON, but plainly meant.
        decoded = JSON.parse(jsonrepair(literal));
      } catch {
        continue;
      }
    }
    if (typeof decoded === "string" && /^\s*[{[]/.test(decoded)) found.push({ start, end, decoded });
  }
  return found;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

const FENCE = /```[\w+-]*/g;

const repeatNote = (copies: number) =>
  copies === 2 ? "dropped a repeated copy of the answer" : `dropped ${copies - 1} repeated copies of the answer`;

/**
 * Pulls the JSON answer out of what a local model actually sent back: reasoning blocks, code
 * fences, chatter around it, JSON5-ish syntax, and answers cut off by the token limit.
 * When several JSON values appear (a sketch, then the real answer), the largest wins.
 */
export function extractJson(text: string): RepairResult {
  if (typeof text !== "string" || text.trim() === "") {
    throw new RepairError("The model returned an empty answer.");
  }
  const repairs: string[] = [];
  const split = splitThinking(text);
  if (split.closedBlocks === 1) repairs.push("removed <think> block");
  if (split.closedBlocks > 1) repairs.push(`removed ${split.closedBlocks} <think> blocks`);
  if (split.orphanClose) repairs.push("removed reasoning before </think>");
  if (split.unclosed) repairs.push("removed unclosed <think> block");

  let body = split.answer;
  let { best, count, copies } = largest(body);

  // A JSON document sent as a string literal: what the scanner sees inside it is noise (its
  // brackets sit among escaped quotes), so the decoded document wins when the best value found
  // starts inside the literal, or nothing was found at all.
  const docs = stringDocuments(body);
  for (const doc of docs) {
    if (best && !(best.start > doc.start && best.start < doc.end)) continue;
    let inner: RepairResult;
    try {
      inner = extractJson(doc.decoded);
    } catch {
      continue;
    }
    const same = docs.filter((d) => d.decoded.trim() === doc.decoded.trim());
    if (body.includes("```")) repairs.push("removed code fence");
    if (outsideOf(body, same).trim() !== "") repairs.push("removed text around the JSON");
    repairs.push("decoded the JSON document sent as a string");
    if (same.length > 1) repairs.push(repeatNote(same.length));
    repairs.push(...inner.repairs);
    return { value: inner.value, repairs, truncated: inner.truncated };
  }

  if (!best && split.unclosed) {
    // Reasoning that never closed sometimes still ends with the finished answer; only a complete one will do.
    const inThinking = largest(split.unclosedThinking);
    if (inThinking.best && !inThinking.best.truncated) {
      body = split.unclosedThinking;
      best = inThinking.best;
      count = inThinking.count;
      copies = inThinking.copies;
      repairs.push("took the JSON from inside the unclosed <think> block");
    }
  }

  if (!best) {
    if (split.unclosed && body.trim() === "") {
      throw new RepairError(
        "The model ran out of room while still reasoning and never wrote its answer. " +
          "Raise the output token limit or turn thinking off for this model.",
      );
    }
    if (body.trim() === "") throw new RepairError("The model wrote only its reasoning and no answer.");
    throw new RepairError(`The model answered in plain text instead of JSON: “${excerpt(body)}”`);
  }

  if (body.includes("```")) repairs.push("removed code fence");
  const outside = outsideOf(body, copies.length > 1 ? copies : [best]);
  if (outside.trim() !== "") repairs.push("removed text around the JSON");
  if (best.joined) repairs.push(`joined ${best.joined} separate JSON objects into a list`);
  else if (copies.length > 1 && copies.length === count) repairs.push(repeatNote(copies.length));
  else if (count > 1) repairs.push(`picked the largest of ${count} JSON values`);
  if (best.truncated) repairs.push("closed truncated JSON");
  else if (best.syntaxRepaired) repairs.push("repaired JSON syntax");

  return { value: best.value, repairs, truncated: best.truncated };
}
