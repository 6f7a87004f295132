// A crafted history for the report tests: reopened, cancelled, deleted and imported tasks.
import { buildGraph, type GraphTask } from "@/lib/tasks/rules/task-graph";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";
import type { ReportEvent } from "./stats";

export const at = (s: string) => Date.parse(s);

export const created = (
  ref: string,
  title: string,
  status: TaskStatus,
  when: string,
  kind: "created" | "imported" = "created",
): ReportEvent => ({
  taskId: `t${ref}`,
  taskRef: ref,
  kind,
  field: "status",
  oldValue: null,
  newValue: JSON.stringify({ title, status }),
  at: at(when),
});
export const status = (ref: string, from: TaskStatus, to: TaskStatus, when: string): ReportEvent => ({
  taskId: `t${ref}`,
  taskRef: ref,
  kind: "updated",
  field: "status",
  oldValue: from,
  newValue: to,
  at: at(when),
});
const retitle = (ref: string, from: string, to: string, when: string): ReportEvent => ({
  taskId: `t${ref}`,
  taskRef: ref,
  kind: "updated",
  field: "title",
  oldValue: from,
  newValue: to,
  at: at(when),
});
const deleted = (ref: string, title: string, was: TaskStatus, when: string): ReportEvent => ({
  taskId: `t${ref}`,
  taskRef: ref,
  kind: "deleted",
  field: null,
  oldValue: JSON.stringify({ title, status: was }),
  newValue: null,
  at: at(when),
});

export function node(ref: string, title: string, st: TaskStatus, extra: { complexity?: number; priority?: TaskPriority } = {}): GraphTask {
  const [n, s] = ref.split(".").map(Number);
  return {
    id: `t${ref}`,
    ref,
    number: n!,
    subNumber: s ?? 0,
    parentId: s ? `t${n}` : null,
    status: st,
    priority: extra.priority ?? "medium",
    title,
    search: title.toLowerCase(),
    labels: [],
    assignee: null,
    complexity: extra.complexity ?? null,
  };
}

/**
 * Before the period (Feb): #1–#4 and subtasks #2.1, #2.2; #1 done.
 * The period is 2 to 15 March 2026 (ISO weeks 10 and 11), generated on 16 March at noon.
 */
export const HISTORY: ReportEvent[] = [
  created("1", "Foundation", "pending", "2026-02-20T09:00:00Z"),
  created("2", "Schema", "pending", "2026-02-20T09:01:00Z"),
  created("3", "API", "pending", "2026-02-20T09:02:00Z"),
  created("4", "Legacy importer", "pending", "2026-02-20T09:03:00Z"),
  status("1", "pending", "done", "2026-02-25T12:00:00Z"),
  created("2.1", "Tables", "pending", "2026-02-26T12:00:00Z"),
  created("2.2", "Indexes", "pending", "2026-02-26T12:01:00Z"),
  // The period.
  status("2", "pending", "in-progress", "2026-03-02T10:00:00Z"),
  status("3", "pending", "done", "2026-03-03T10:00:00Z"),
  status("3", "done", "in-progress", "2026-03-04T10:00:00Z"), // reopened…
  status("4", "pending", "cancelled", "2026-03-05T10:00:00Z"),
  created("5", "Imported done", "done", "2026-03-06T10:00:00Z", "imported"),
  created("6", "Imported pending", "pending", "2026-03-06T10:00:01Z", "imported"),
  created("7", "Created done", "done", "2026-03-07T10:00:00Z"),
  status("2.1", "pending", "done", "2026-03-08T10:00:00Z"),
  created("8", "Temporary", "pending", "2026-03-09T10:00:00Z"),
  status("3", "in-progress", "done", "2026-03-10T10:00:00Z"), // …and finished again: counted once
  status("8", "pending", "done", "2026-03-11T10:00:00Z"),
  deleted("8", "Temporary", "done", "2026-03-12T09:00:00Z"), // done, then deleted: not in the list
  status("1", "done", "pending", "2026-03-12T10:00:00Z"), // reopened and left open
  created("9", "Later reopened", "pending", "2026-03-13T09:00:00Z"),
  status("9", "pending", "done", "2026-03-13T10:00:00Z"),
  status("9", "done", "review", "2026-03-14T10:00:00Z"),
  retitle("3", "API", "API v2", "2026-03-14T11:00:00Z"),
  // After the period, before the report is made.
  status("6", "pending", "in-progress", "2026-03-16T09:00:00Z"),
];

/** Today's plan, matching the end of HISTORY: #6 leans on cancelled #4, #9 waits on #2. */
export const GRAPH = buildGraph(
  [
    node("1", "Foundation", "pending", { complexity: 9 }),
    node("2", "Schema", "in-progress", { complexity: 5 }),
    node("2.1", "Tables", "done"),
    node("2.2", "Indexes", "pending"),
    node("3", "API v2", "done"),
    node("4", "Legacy importer", "cancelled"),
    node("5", "Imported done", "done"),
    node("6", "Imported pending", "in-progress"),
    node("7", "Created done", "done"),
    node("9", "Later reopened", "review"),
  ],
  [
    { taskId: "t6", dependsOnId: "t4" },
    { taskId: "t9", dependsOnId: "t2" },
  ],
);

export const MARCH = {
  from: at("2026-03-02T00:00:00Z"),
  to: at("2026-03-15T23:59:59.999Z"),
  now: at("2026-03-16T12:00:00Z"),
  timeZone: "UTC",
};
