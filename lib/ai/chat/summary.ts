// The project as the planning assistant sees it: counts, the next task, and one line per task
// ("#ref [status] priority title ← prerequisites"), cut to a token budget. When not every task
// fits, open work wins over finished work, and the summary says what it left out (the assistant
// can still search and read those through its tools).
import { pickNextTask } from "@/lib/tasks/rules/pick-next-task";
import { blockersOf, isReady } from "@/lib/tasks/rules/status";
import { depsOf, type GraphTask, type ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { plural } from "@/lib/plural";

/** Rough token count for budgeting: about four characters per token for English and code. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export interface ProjectSummary {
  text: string;
  /** Tasks listed one per line. */
  shown: number;
  total: number;
  tokens: number;
}

// Which tasks the model needs most when not all fit: work in flight, then what can start,
// then what waits, then parked and finished work.
function importance(g: ProjectGraph, t: GraphTask): number {
  const sub = t.parentId ? 0.5 : 0;
  if (t.status === "in-progress" || t.status === "review") return 0 + sub;
  if (t.status === "pending" && isReady(g, t.id)) return 1 + sub;
  if (t.status === "pending") return 2 + sub;
  if (t.status === "deferred") return 3 + sub;
  if (t.status === "done") return 4 + sub;
  return 5 + sub;
}

function line(g: ProjectGraph, t: GraphTask): string {
  const deps = depsOf(g, t.id).map((d) => `#${g.tasks.get(d)?.ref}`);
  const prio = t.priority === "medium" ? "" : ` ${t.priority}`;
  const cx = t.complexity ? ` (complexity ${t.complexity})` : "";
  const blocked = t.status === "pending" && blockersOf(g, t.id).length > 0 ? " blocked" : "";
  return `#${t.ref} [${t.status}${blocked}]${prio} ${t.title}${cx}${deps.length ? ` ← ${deps.join(", ")}` : ""}`;
}

export function summarizeProject(g: ProjectGraph, projectName: string, budgetTokens: number): ProjectSummary {
  const counts = new Map<string, number>();
  for (const t of g.ordered) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const countText = [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
  const next = pickNextTask(g);
  const nextTask = next.taskId ? g.tasks.get(next.taskId) : undefined;
  const head = [
    `Project "${projectName}": ${plural(g.ordered.length, "task")}${countText ? ` (${countText})` : ""}.`,
    nextTask ? `Next task: #${nextTask.ref} ${nextTask.title} — ${next.reason}` : `Next task: none (${next.reason})`,
    g.ordered.length ? "Tasks (#ref [status] priority title ← prerequisites):" : "The project has no tasks yet.",
  ].join("\n");

  const budgetChars = budgetTokens * 4;
  let used = head.length;
  const ranked = g.ordered.map((t, i) => ({ t, i, w: importance(g, t) })).sort((a, b) => a.w - b.w || a.i - b.i);
  const picked: { i: number; text: string }[] = [];
  // Leave room for the closing "N more tasks" line.
  const reserve = 120;
  for (const r of ranked) {
    const text = line(g, r.t);
    if (used + text.length + 1 + reserve > budgetChars) continue;
    picked.push({ i: r.i, text });
    used += text.length + 1;
  }
  picked.sort((a, b) => a.i - b.i);
  const left = g.ordered.length - picked.length;
  let leftNote = "";
  if (left > 0) {
    const shownIdx = new Set(picked.map((p) => p.i));
    const leftCounts = new Map<string, number>();
    g.ordered.forEach((t, i) => {
      if (!shownIdx.has(i)) leftCounts.set(t.status, (leftCounts.get(t.status) ?? 0) + 1);
    });
    leftNote = `\n(${left} more tasks not listed: ${[...leftCounts].map(([s, n]) => `${n} ${s}`).join(", ")}. Use searchTasks or readTask to see them.)`;
  }
  const text = `${head}${picked.length ? `\n${picked.map((p) => p.text).join("\n")}` : ""}${leftNote}`;
  return { text, shown: picked.length, total: g.ordered.length, tokens: estimateTokens(text) };
}
