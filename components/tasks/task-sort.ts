import type { TaskDto } from "@/lib/tasks/types";
import { TASK_STATUSES, type TaskPriority } from "@/lib/validation/common";

export const SORT_KEYS = ["ref", "title", "status", "priority", "assignee", "due", "updated"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

/** Priority rank: 1 is the most important, so "ascending" lists critical first. */
const PRIORITY_RANK: Record<TaskPriority, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/** Reads `?sort=priority&order=desc`; anything else means the plan's own order. */
export function readSort(params: URLSearchParams): Sort | null {
  const key = params.get("sort");
  if (!key || !(SORT_KEYS as readonly string[]).includes(key)) return null;
  return { key: key as SortKey, dir: params.get("order") === "desc" ? "desc" : "asc" };
}

/** A header click: ascending, then descending, then back to the plan's order. */
export function nextSort(current: Sort | null, key: SortKey): Sort | null {
  if (!current || current.key !== key) return { key, dir: "asc" };
  return current.dir === "asc" ? { key, dir: "desc" } : null;
}

function refParts(ref: string): [number, number] {
  const [a, b] = ref.split(".");
  return [Number(a), b === undefined ? -1 : Number(b)];
}

type Value = string | number | [number, number] | null;
function valueOf(t: TaskDto, key: SortKey): Value {
  switch (key) {
    case "ref":
      return refParts(t.ref);
    case "title":
      return t.title.toLocaleLowerCase();
    case "status":
      return TASK_STATUSES.indexOf(t.status);
    case "priority":
      return PRIORITY_RANK[t.priority];
    case "assignee":
      return t.assignee ? t.assignee.toLocaleLowerCase() : null;
    case "due":
      return t.dueDate ? Date.parse(t.dueDate) : null;
    case "updated":
      return Date.parse(t.updatedAt);
  }
}

function compare(a: Exclude<Value, null>, b: Exclude<Value, null>): number {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] - b[0] || a[1] - b[1];
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Sorted copy; tasks without a value (no assignee, no due date) come last either way; ties keep plan order. */
export function sortTasks(tasks: TaskDto[], sort: Sort | null): TaskDto[] {
  if (!sort) return tasks;
  const sign = sort.dir === "asc" ? 1 : -1;
  return tasks
    .map((t, i) => ({ t, i, v: valueOf(t, sort.key) }))
    .sort((x, y) => {
      if (x.v === null || y.v === null) return x.v === y.v ? x.i - y.i : x.v === null ? 1 : -1;
      return sign * compare(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.t);
}
