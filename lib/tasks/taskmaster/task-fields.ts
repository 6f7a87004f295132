// One Task Master task's own fields (everything but its number, subtasks and dependencies) read
// into values that save: text clipped to the task columns, statuses and priorities through the
// shared vocabularies, dates to ISO. Every change is a warning naming the task's ref.
import { clip, priorityFromWord, statusFromWord, type Rec } from "@/lib/lenient";
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";

export interface TaskFields {
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  acceptanceCriteria: string;
  status: TaskStatus;
  priority: TaskPriority;
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  /** YYYY-MM-DD, or a full ISO date-time in UTC. */
  dueDate: string | null;
  labels: string[];
  /**
   * The task's fields Cairn has no column for, verbatim (null when there are none), written back
   * on export. A list-valued acceptanceCriteria is kept here too, so it exports as a list again.
   */
  extra: Record<string, unknown> | null;
}

/** Fields Cairn reads into columns; anything else on a task is kept verbatim in `extra`. */
const KNOWN_FIELDS = new Set([
  "id",
  "title",
  "description",
  "details",
  "testStrategy",
  "acceptanceCriteria",
  "status",
  "priority",
  "dependencies",
  "subtasks",
  "complexity",
  "complexityScore",
  "recommendedSubtasks",
  "expansionPrompt",
  "complexityReasoning",
  "reasoning",
  "assignee",
  "dueDate",
  "labels",
]);

/** A raw value as a user would recognise it in their file. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export class TaskFieldReader {
  constructor(private readonly warn: (message: string) => void) {}

  /** The fields of task `ref`; a subtask without a priority takes `inherited`, its parent's. */
  read(raw: Rec, ref: string, inherited: TaskPriority): TaskFields {
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined) continue;
      if (KNOWN_FIELDS.has(k) || (k === "tags" && isStringList(v))) continue;
      // defineProperty: a field such as "__proto__" must stay an ordinary key.
      Object.defineProperty(extra, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    const criteria = raw.acceptanceCriteria;
    if (isStringList(criteria)) extra.acceptanceCriteria = criteria;
    const description = this.text(raw.description, "description", ref, TASK_LIMITS.description);
    const rawDue = raw.dueDate;
    return {
      title: this.title(raw.title, description, ref),
      description,
      details: this.text(raw.details, "details", ref, TASK_LIMITS.details),
      testStrategy: this.text(raw.testStrategy, "testStrategy", ref, TASK_LIMITS.testStrategy),
      acceptanceCriteria: isStringList(criteria)
        ? this.text(criteria.join("\n"), "acceptanceCriteria", ref, TASK_LIMITS.acceptanceCriteria)
        : this.text(criteria, "acceptanceCriteria", ref, TASK_LIMITS.acceptanceCriteria),
      status: this.status(raw.status, ref),
      priority: this.priority(raw.priority, ref, inherited),
      complexity: this.int(this.alias(raw, "complexity", "complexityScore", ref), "complexity", ref, 1, TASK_LIMITS.complexity),
      recommendedSubtasks: this.int(raw.recommendedSubtasks, "recommendedSubtasks", ref, 0, TASK_LIMITS.recommendedSubtasks),
      expansionPrompt: this.optionalText(raw.expansionPrompt, "expansionPrompt", ref, TASK_LIMITS.expansionPrompt),
      complexityReasoning: this.optionalText(
        this.alias(raw, "complexityReasoning", "reasoning", ref),
        "complexityReasoning",
        ref,
        TASK_LIMITS.complexityReasoning,
      ),
      assignee: this.assignee(raw.assignee, ref),
      dueDate: rawDue === undefined || rawDue === null || rawDue === "" ? null : this.dueDate(rawDue, ref),
      labels: this.labels(raw, ref),
      extra: Object.keys(extra).length > 0 ? extra : null,
    };
  }

  private alias(raw: Rec, field: string, alias: string, ref: string): unknown {
    const main = raw[field];
    const other = raw[alias];
    if (main === undefined || main === null) return other;
    if (other !== undefined && other !== null && JSON.stringify(other) !== JSON.stringify(main)) {
      this.warn(`#${ref}: both ${field} and ${alias} were set; kept ${field}`);
    }
    return main;
  }

  private text(v: unknown, field: string, ref: string, max: number): string {
    let s: string;
    if (v === undefined || v === null) return "";
    if (typeof v === "string") s = v;
    else if (typeof v === "number" || typeof v === "boolean") {
      s = String(v);
      this.warn(`#${ref}: ${field} ${show(v)} was not text; stored as "${s}"`);
    } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
      s = v.join("\n");
      this.warn(`#${ref}: ${field} was a list; joined into lines`);
    } else {
      s = JSON.stringify(v);
      this.warn(`#${ref}: ${field} was not text; stored as JSON`);
    }
    if (s.length > max) {
      this.warn(`#${ref}: ${field} was ${plural(s.length, "character")}; cut to ${max.toLocaleString("en-US")}`);
      s = clip(s, max);
    }
    return s;
  }

  private optionalText(v: unknown, field: string, ref: string, max: number): string | null {
    const s = this.text(v, field, ref, max);
    return s.trim() === "" ? null : s;
  }

  private title(v: unknown, description: string, ref: string): string {
    const given = this.text(v, "title", ref, Number.MAX_SAFE_INTEGER).trim();
    if (given) {
      if (given.length <= TASK_LIMITS.title) return given;
      this.warn(`#${ref}: title was ${plural(given.length, "character")}; cut to ${TASK_LIMITS.title}`);
      return clip(given, TASK_LIMITS.title).trimEnd();
    }
    const firstLine = description
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean);
    if (firstLine) {
      this.warn(`#${ref}: no title; used the first line of the description`);
      return clip(firstLine, TASK_LIMITS.title).trimEnd();
    }
    const fallback = `Untitled task ${ref}`;
    this.warn(`#${ref}: no title; named it "${fallback}"`);
    return fallback;
  }

  private status(v: unknown, ref: string): TaskStatus {
    if (v === undefined || v === null || v === "") return "pending";
    if (typeof v === "string" && (TASK_STATUSES as readonly string[]).includes(v)) return v as TaskStatus;
    const mapped = typeof v === "string" ? statusFromWord(v) : null;
    if (mapped) {
      this.warn(`#${ref}: status ${show(v)} mapped to ${mapped}`);
      return mapped;
    }
    this.warn(`#${ref}: unknown status ${show(v)} mapped to pending`);
    return "pending";
  }

  /** A subtask without a priority takes its parent's, as Task Master's `next` does. */
  private priority(v: unknown, ref: string, fallback: TaskPriority): TaskPriority {
    if (v === undefined || v === null || v === "") return fallback;
    if (typeof v === "string" && (TASK_PRIORITIES as readonly string[]).includes(v)) return v as TaskPriority;
    const mapped = typeof v === "string" ? priorityFromWord(v) : null;
    if (mapped) {
      this.warn(`#${ref}: priority ${show(v)} mapped to ${mapped}`);
      return mapped;
    }
    this.warn(`#${ref}: unknown priority ${show(v)} mapped to ${fallback}`);
    return fallback;
  }

  private int(v: unknown, field: string, ref: string, min: number, max: number): number | null {
    if (v === undefined || v === null || v === "") return null;
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      this.warn(`#${ref}: ${field} ${show(v)} is not a number; left empty`);
      return null;
    }
    const out = Math.min(max, Math.max(min, Math.round(n)));
    if (out !== n) this.warn(`#${ref}: ${field} ${show(v)} is not a whole number from ${min} to ${max}; stored as ${out}`);
    return out;
  }

  private assignee(v: unknown, ref: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== "string" && typeof v !== "number") {
      this.warn(`#${ref}: assignee ${show(v)} is not a name; left empty`);
      return null;
    }
    return this.optionalText(typeof v === "string" ? v.trim() : v, "assignee", ref, TASK_LIMITS.assignee)?.trim() ?? null;
  }

  private dueDate(v: unknown, ref: string): string | null {
    const iso = typeof v === "string" ? isoDate(v.trim()) : null;
    if (iso === null) this.warn(`#${ref}: due date ${show(v)} is not an ISO date; left empty`);
    return iso;
  }

  private labels(raw: Rec, ref: string): string[] {
    const sources: unknown[] = [];
    for (const field of ["labels", "tags"] as const) {
      const v = raw[field];
      if (v === undefined || v === null) continue;
      if (field === "tags" && !isStringList(v)) continue;
      if (typeof v === "string") {
        sources.push(...v.split(","));
        if (v.includes(",")) this.warn(`#${ref}: ${field} was a comma-separated string; split into labels`);
      } else if (Array.isArray(v)) sources.push(...v);
      else this.warn(`#${ref}: ${field} ${show(v)} is not a list of labels; ignored`);
    }
    const out: string[] = [];
    const seen = new Set<string>();
    const dropped: string[] = [];
    for (const item of sources) {
      if (typeof item !== "string" && typeof item !== "number") {
        this.warn(`#${ref}: label ${show(item)} is not text; dropped`);
        continue;
      }
      let label = String(item).trim();
      if (!label) continue;
      if (label.length > TASK_LIMITS.labelLength) {
        this.warn(`#${ref}: label ${show(label)} is longer than ${TASK_LIMITS.labelLength} characters; cut`);
        label = clip(label, TASK_LIMITS.labelLength).trimEnd();
      }
      const k = label.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      if (out.length < TASK_LIMITS.labelCount) out.push(label);
      else dropped.push(label);
    }
    if (dropped.length) {
      this.warn(`#${ref}: more than ${TASK_LIMITS.labelCount} labels; dropped ${dropped.map((l) => show(l)).join(", ")}`);
    }
    return out;
  }
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** A calendar date stays as written; a date-time becomes UTC (no zone written means UTC). */
function isoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, da, h] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(da)) return null;
  if (h === undefined) return `${y}-${mo}-${da}`;
  const zone = m[8] ?? "Z";
  const t = Date.parse(
    `${y}-${mo}-${da}T${h}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`,
  );
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
