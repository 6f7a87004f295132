// How tool answers look: compact summaries for lists, a short text rendering next to the
// structured content, and a hard cap on size so no answer can swamp an agent's context.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { TaskDto } from "@/lib/tasks/types";
import { plural } from "@/lib/plural";

/** No tool answer is ever larger than this (bytes of the result, JSON). */
export const ANSWER_CAP_BYTES = 96_000;

export interface TaskSummary {
  ref: string;
  title: string;
  status: string;
  priority: string;
  dependencies: string[];
  blocked: boolean;
  /** Number of subtasks (top-level tasks only). */
  subtasks?: number;
}

export function summarize(t: TaskDto): TaskSummary {
  return {
    ref: t.ref,
    title: t.title,
    status: t.status,
    priority: t.priority,
    dependencies: t.dependencies,
    blocked: t.blocked,
    ...(t.parent === null && t.subtasks.length ? { subtasks: t.subtasks.length } : {}),
  };
}

/** "#12 [pending] high Title ← #3, #4 (blocked)" */
export function summaryLine(t: TaskSummary): string {
  const prio = t.priority === "medium" ? "" : ` ${t.priority}`;
  const deps = t.dependencies.length ? ` ← ${t.dependencies.map((d) => `#${d}`).join(", ")}` : "";
  const subs = t.subtasks ? ` (${plural(t.subtasks, "subtask")})` : "";
  return `#${t.ref} [${t.status}${t.blocked ? ", blocked" : ""}]${prio} ${t.title}${deps}${subs}`;
}

/** The whole task as readable text: what an agent that only reads text content needs. */
export function taskText(t: TaskDto): string {
  const lines = [
    `#${t.ref} ${t.title}`,
    `Status: ${t.status}${t.blocked ? " (blocked)" : ""} · Priority: ${t.priority}${t.complexity ? ` · Complexity: ${t.complexity}` : ""}`,
  ];
  if (t.parent) lines.push(`Subtask of #${t.parent}`);
  if (t.dependencies.length) lines.push(`Depends on: ${t.prerequisites.map((p) => `#${p.ref} ${p.title} [${p.status}]`).join("; ")}`);
  if (t.blockedBy.length) lines.push(`Blocked by: ${t.blockedBy.map((p) => `#${p.ref}`).join(", ")}`);
  if (t.externalRef) lines.push(`From: ${t.externalRef}`);
  if (t.links.length)
    lines.push(
      `Links: ${t.links.map((l) => `${l.kind === "pull_request" ? "PR" : "issue"} ${l.repository}#${l.number} [${l.state}] ${l.url}`).join("; ")}`,
    );
  if (t.description) lines.push("", t.description);
  if (t.details) lines.push("", "Details:", t.details);
  if (t.testStrategy) lines.push("", "Test strategy:", t.testStrategy);
  if (t.subtasks.length) lines.push("", "Subtasks:", ...t.subtasks.map((s) => `- #${s.ref} [${s.status}] ${s.title}`));
  return lines.join("\n");
}

export type Data = Record<string, unknown>;

export interface Answer {
  data: Data;
  /** Renders the text content from the (possibly cut) data. */
  render: (data: Data) => string;
}

const size = (r: CallToolResult) => Buffer.byteLength(JSON.stringify(r));

function result(data: Data, render: (d: Data) => string): CallToolResult {
  return { content: [{ type: "text", text: render(data) }], structuredContent: data };
}

/**
 * The result for an answer, cut to the cap when it is too big: the largest list keeps a prefix,
 * the longest text keeps its beginning, and `notice` says what was left out and how to read it.
 */
export function fitAnswer(answer: Answer, howToReadMore: string, cap = ANSWER_CAP_BYTES): CallToolResult {
  let data = answer.data;
  let r = result(data, answer.render);
  const cuts = new Map<string, string>();
  const totals = new Map<string, number>();
  for (let round = 0; round < 40 && size(r) > cap; round++) {
    const over = size(r) - cap;
    const cut = cutLargest(data, over, totals);
    if (!cut) break;
    data = cut.data;
    cuts.set(cut.name, cut.what);
    const notice = `This answer was cut to stay under ${Math.round(cap / 1000)} KB (${[...cuts.values()].join("; ")}). ${howToReadMore}`;
    data = { ...data, notice };
    r = result(data, (d) => `${answer.render(d)}\n\n${notice}`);
  }
  return r;
}

type Cut = { data: Data; name: string; what: string };

/** Cuts the biggest array or string found at the top level or one level down. */
function cutLargest(data: Data, over: number, totals: Map<string, number>): Cut | null {
  const found: { path: string[]; len: number }[] = [];
  const consider = (path: string[], v: unknown) => {
    if (!(Array.isArray(v) || typeof v === "string")) return;
    const len = Buffer.byteLength(JSON.stringify(v));
    if (len > 200) found.push({ path, len });
  };
  for (const [k, v] of Object.entries(data)) {
    if (k === "notice") continue;
    consider([k], v);
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) consider([k, k2], v2);
  }
  found.sort((a, b) => b.len - a.len);
  const best = found[0];
  if (!best) return null;
  const { path } = best;
  const get = (d: Data) => (path.length === 1 ? d[path[0]!] : (d[path[0]!] as Data)[path[1]!]);
  const value = get(data);
  const name = path.join(".");
  if (!totals.has(name)) totals.set(name, Array.isArray(value) ? value.length : (value as string).length);
  const total = totals.get(name)!;
  // The text rendering usually repeats what the data holds, so cutting n bytes saves about 2n.
  // The largest part is cut down to the next largest first, so several long parts share the room.
  const wanted = Math.ceil(over / 2) + 100;
  let next: unknown;
  let what: string;
  if (Array.isArray(value)) {
    const per = best.len / Math.max(1, value.length);
    const keep = Math.max(0, Math.min(value.length - 1, value.length - Math.ceil(wanted / per)));
    next = value.slice(0, keep);
    what = `${name}: the first ${keep} of ${total} shown`;
  } else {
    const s = value as string;
    const second = found[1]?.len ?? 0;
    let keep = s.length - wanted;
    if (second < s.length) keep = Math.max(keep, second);
    keep = Math.max(0, Math.min(s.length - 100, keep));
    next = `${s.slice(0, keep)}…`;
    what = `${name}: the first ${keep} of ${total} characters shown`;
  }
  const copy: Data = { ...data };
  if (path.length === 1) copy[path[0]!] = next;
  else copy[path[0]!] = { ...(data[path[0]!] as Data), [path[1]!]: next };
  return { data: copy, name, what };
}
