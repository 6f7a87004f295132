// Finding what a model meant in what it wrote: the list it was asked for (under whatever key it
// chose), fields under their usual aliases, and text clipped to the task columns. Shared by the
// plan, subtask, complexity and edit normalisers.
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { clip, flattenText, isRecord, normKey, type Notes, type Rec } from "@/lib/lenient";

export interface NormalizeResult<T> {
  value: T;
  /** Every coercion applied, in words a user can read. */
  warnings: string[];
}

/** No usable list in the model's answer. The message says what is wrong, so it can go back to the model in a retry. */
export class PlanShapeError extends AppError {
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super("bad_gateway", message, { problems });
    this.name = "PlanShapeError";
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------
// Finding the list.

const quoteKeys = (o: Rec) =>
  Object.keys(o)
    .slice(0, 6)
    .map((k) => `"${k}"`)
    .join(", ");

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing (null)";
  if (Array.isArray(v)) {
    return v.length === 0 ? "an empty list" : `a list of ${v.length} ${typeof v[0] === "object" ? "entries" : "values"}`;
  }
  if (isRecord(v)) return Object.keys(v).length === 0 ? "an empty object ({})" : `an object with keys ${quoteKeys(v)}`;
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 60)})`;
}

/** A ref-keyed object ({"1": {...}, "2": {...}}) is a list in disguise. */
function keyedList(v: Rec): unknown[] | null {
  const entries = Object.entries(v);
  if (entries.length === 0 || !entries.every(([k, item]) => /^#?\d+(\.\d+)?$/.test(k.trim()) && isRecord(item))) return null;
  return entries.map(([k, item]) => ({ __key: k.trim().replace(/^#/, ""), ...(item as Rec) }));
}

function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") {
    // Models occasionally double-encode: "tasks": "[{...}]".
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      return null;
    }
    return null;
  }
  if (isRecord(v)) return keyedList(v);
  return null;
}

interface Located {
  list: unknown[];
  note: string | null;
}

export interface ListSpec {
  /** The key the schema asks for. */
  key: string;
  /** Other keys that mean the same list. */
  aliases: string[];
  /** Keys whose presence means the object is a single item rather than a wrapper. */
  itemKeys: string[];
  noun: string;
}

function arrayOfRecords(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.filter(isRecord).length >= v.length / 2;
}

function findInObject(o: Rec, spec: ListSpec, path: string): Located | null {
  const keys = Object.keys(o);
  const exact = keys.find((k) => k === spec.key);
  const named = exact ?? keys.find((k) => [spec.key, ...spec.aliases].includes(normKey(k)));
  if (named !== undefined) {
    const list = asList(o[named]);
    if (list) {
      const where = `${path}${named}`;
      const held = o[named];
      const how = typeof held === "string" ? ", which was a JSON string" : Array.isArray(held) ? "" : ", which was an object keyed by id";
      const note = where === spec.key && how === "" ? null : `Read the ${spec.noun} list from "${where}"${how}`;
      return { list, note };
    }
  }
  // Any other key holding a list of objects, e.g. {"plan": [...]} or {"items": [...]}.
  const lists = keys.filter((k) => arrayOfRecords(o[k]));
  if (lists.length > 0) {
    const pick = lists.reduce((a, b) => ((o[b] as unknown[]).length > (o[a] as unknown[]).length ? b : a));
    return { list: o[pick] as unknown[], note: `Read the ${spec.noun} list from "${path}${pick}"` };
  }
  return null;
}

export function locateList(raw: unknown, spec: ListSpec): Located | { problem: string } {
  const expected = `expected {"${spec.key}": [...]}`;
  if (Array.isArray(raw)) {
    return { list: raw, note: `The answer was a bare list; read it as {"${spec.key}": [...]}` };
  }
  if (!isRecord(raw)) return { problem: `${expected}, but the answer is ${describeValue(raw)}` };

  const direct = findInObject(raw, spec, "");
  if (direct) return direct;

  const keyed = keyedList(raw);
  if (keyed) return { list: keyed, note: `The answer was an object keyed by id; read it as {"${spec.key}": [...]}` };

  // {"task": {...}} is a wrapper, {"task": "Set up CI"} is an item: only text under an item key counts.
  const looksLikeItem = Object.entries(raw).some(
    ([k, v]) => spec.itemKeys.includes(normKey(k)) && (typeof v === "string" || typeof v === "number"),
  );
  if (!looksLikeItem) {
    // Unwrap one level: {"result": {"tasks": [...]}}, {"response": {"plan": [...]}}.
    for (const [k, inner] of Object.entries(raw)) {
      if (!isRecord(inner)) continue;
      const found = findInObject(inner, spec, `${k}.`);
      if (found) return found;
    }
    return { problem: `${expected}, but the answer is ${describeValue(raw)}` };
  }
  return { list: [raw], note: `The answer was a single ${spec.noun}, not a list; read it as a list of one` };
}

// ---------------------------------------------------------------------------------------------
// Reading fields.

export interface Picked {
  key: string;
  value: unknown;
}

/** First present alias wins; `used` keeps one key from feeding two fields. */
export function pick(item: Rec, aliases: string[], used: Set<string>, accept: (v: unknown) => boolean = () => true): Picked | null {
  for (const alias of aliases) {
    for (const key of Object.keys(item)) {
      if (used.has(key) || normKey(key) !== alias) continue;
      const value = item[key];
      if (value === undefined || value === null || !accept(value)) continue;
      used.add(key);
      return { key, value };
    }
  }
  return null;
}

/**
 * Reads one text field under any of its aliases, flattened to text and clipped to `max`, with a
 * note for each fix. `item` names the entry in the notes (its position, or its task ref).
 */
export function readText(
  entry: Rec,
  spec: { field: string; aliases: string[]; max: number; noteKind?: boolean },
  used: Set<string>,
  notes: Notes,
  item: number | string,
): string {
  const got = pick(entry, spec.aliases, used);
  if (!got) {
    notes.group(`No ${spec.field} given`, item);
    return "";
  }
  if (got.key !== spec.field) notes.group(`Read "${got.key}" as ${spec.field}`, item);
  if (spec.noteKind !== false && typeof got.value !== "string") {
    const kind = Array.isArray(got.value) ? "a list" : isRecord(got.value) ? "an object" : `a ${typeof got.value}`;
    notes.group(`Turned ${kind} into text for ${spec.field}`, item);
  }
  let text = flattenText(got.value).trim();
  if (text.length > spec.max) {
    text = clip(text, spec.max).trimEnd();
    notes.group(`Cut ${spec.field} to ${spec.max.toLocaleString("en-US")} characters`, item);
  }
  return text;
}

export function assertShape<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Only a bug in the normaliser gets here; still, never hand on data that would not save.
  const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new PlanShapeError(`The model's ${what} could not be made valid: ${problems.join("; ")}.`, problems);
}
