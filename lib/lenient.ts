// Reading loose input into values that save: a model's answer (lib/ai/drafts) and a hand-edited
// Task Master file (lib/tasks/taskmaster) share these pieces, so a word that means "urgent" or
// "done" means it everywhere. Plain functions only: no database, no I/O.
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";

export type Rec = Record<string, unknown>;

export const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** Letters and digits only, lower-case: "Test Strategy", "test_strategy" → "teststrategy". */
export const normKey = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

/** 12, "12", "#12", "task 12", "12.3" → "12" / "12.3" (the canonical form of a task ref). */
export function canonicalRef(v: unknown): string | null {
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : null;
  if (s === null) return null;
  const m = /^(?:#|task[\s_-]*#?\s*|t[\s_-]*)?([1-9]\d{0,8}(?:\.[1-9]\d{0,5})?)$/i.exec(s);
  return m ? m[1]! : null;
}

/** Any JSON value as readable text: lists become "- " lines, objects "key: value" lines. */
export function flattenText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    const lines = v.map(flattenText).filter((s) => s.trim() !== "");
    return lines.length === 1 ? lines[0]! : lines.map((s) => `- ${s.trim()}`).join("\n");
  }
  if (isRecord(v)) {
    return Object.entries(v)
      .map(([k, inner]) => `${k}: ${flattenText(inner)}`)
      .join("\n");
  }
  return "";
}

/**
 * How deeply a JSON value nests (a scalar 0, `[]` 1, `{"a": []}` 2), walked without recursion and
 * given up on once past `cap`, so a hostile value cannot exhaust the stack.
 */
export function nestingDepth(v: unknown, cap: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, above] = stack.pop()!;
    if (typeof x !== "object" || x === null) continue;
    const depth = above + 1;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > cap) return deepest;
    }
    for (const inner of Array.isArray(x) ? x : Object.values(x)) {
      if (typeof inner === "object" && inner !== null) stack.push([inner, depth]);
    }
  }
  return deepest;
}

/** Cuts to `max` UTF-16 units (zod's measure of a limit) without splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

// ---------------------------------------------------------------------------------------------
// Vocabularies: the words people and models use for Cairn's priorities and statuses. Keys are in
// normKey form, so "Nice to have", "nice-to-have" and "nice_to_have" are one word.

const PRIORITY_WORDS: Record<string, TaskPriority> = {
  critical: "critical",
  urgent: "critical",
  highest: "critical",
  veryhigh: "critical",
  blocker: "critical",
  showstopper: "critical",
  crit: "critical",
  asap: "critical",
  p0: "critical",
  high: "high",
  important: "high",
  major: "high",
  hi: "high",
  p1: "high",
  medium: "medium",
  normal: "medium",
  moderate: "medium",
  med: "medium",
  mid: "medium",
  default: "medium",
  p2: "medium",
  low: "low",
  minor: "low",
  lowest: "low",
  verylow: "low",
  trivial: "low",
  optional: "low",
  nicetohave: "low",
  lo: "low",
  p3: "low",
  p4: "low",
};

const STATUS_WORDS: Record<string, TaskStatus> = {
  pending: "pending",
  todo: "pending",
  open: "pending",
  new: "pending",
  backlog: "pending",
  notstarted: "pending",
  planned: "pending",
  queued: "pending",
  ready: "pending",
  inprogress: "in-progress",
  wip: "in-progress",
  doing: "in-progress",
  active: "in-progress",
  started: "in-progress",
  working: "in-progress",
  ongoing: "in-progress",
  indevelopment: "in-progress",
  review: "review",
  inreview: "review",
  reviewing: "review",
  needsreview: "review",
  codereview: "review",
  awaitingreview: "review",
  qa: "review",
  testing: "review",
  done: "done",
  completed: "done",
  complete: "done",
  finished: "done",
  closed: "done",
  resolved: "done",
  shipped: "done",
  merged: "done",
  fixed: "done",
  deferred: "deferred",
  onhold: "deferred",
  hold: "deferred",
  paused: "deferred",
  postponed: "deferred",
  later: "deferred",
  someday: "deferred",
  icebox: "deferred",
  parked: "deferred",
  cancelled: "cancelled",
  canceled: "cancelled",
  wontfix: "cancelled",
  dropped: "cancelled",
  abandoned: "cancelled",
  rejected: "cancelled",
  obsolete: "cancelled",
  duplicate: "cancelled",
  removed: "cancelled",
};

/** The whole phrase first, then its first word: "low-ish" → low, "done (merged in #212)" → done. */
function fromWords<T>(words: Record<string, T>, v: string): T | null {
  const whole = normKey(v);
  if (Object.hasOwn(words, whole)) return words[whole]!;
  const first = normKey(
    v
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .find(Boolean) ?? "",
  );
  return first !== "" && Object.hasOwn(words, first) ? words[first]! : null;
}

/** "P0", "Urgent", "nice to have", "low-ish" → Cairn's priority; null when the word means none. */
export const priorityFromWord = (v: string): TaskPriority | null => fromWords(PRIORITY_WORDS, v);

/** "todo", "WIP", "won't fix", "On Hold" → Cairn's status; null when the word means none. */
export const statusFromWord = (v: string): TaskStatus | null => fromWords(STATUS_WORDS, v);

// ---------------------------------------------------------------------------------------------
// Warnings: one line per kind of fix, listing the items it touched, so a 40-task plan with the
// same quirk everywhere reads as one line rather than forty.

/** 1, 2, 3, 5, 7, 8 → "1-3, 5, 7, 8". */
export function compressNumbers(nums: number[]): string {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i + 1 ? `${sorted[i]}-${sorted[j]}` : j === i + 1 ? `${sorted[i]}, ${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

export class Notes {
  private entries: { message: string; items: (number | string)[] | null }[] = [];
  private byMessage = new Map<string, (number | string)[]>();

  /**
   * `noun` names the items ("task 3", "subtasks 1-4"); `refPrefix` goes before ref items
   * ("tasks #3, #7").
   */
  constructor(
    private readonly noun: string,
    private readonly refPrefix = "",
  ) {}

  /** One line, as written, every time. */
  add(message: string): void {
    this.entries.push({ message, items: null });
  }

  /**
   * One line per message, listing every item it was given: a position in the model's list
   * (1-based) or a task ref. Without an item the line just appears once.
   */
  group(message: string, item?: number | string): void {
    let items = this.byMessage.get(message);
    if (!items) {
      items = [];
      this.byMessage.set(message, items);
      this.entries.push({ message, items });
    }
    if (item !== undefined && item !== "" && !items.includes(item)) items.push(item);
  }

  list(): string[] {
    return this.entries.map(({ message, items }) => {
      if (!items || items.length === 0) return message;
      const label = items.length === 1 ? this.noun : `${this.noun}s`;
      const nums = items.filter((i): i is number => typeof i === "number");
      const refs = items.filter((i): i is string => typeof i === "string").map((r) => `${this.refPrefix}${r}`);
      const shown = [nums.length ? compressNumbers(nums) : "", ...refs].filter(Boolean).join(", ");
      return `${message} (${label} ${shown})`;
    });
  }
}
