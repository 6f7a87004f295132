// The report as markdown: a pure rendering of the computed statistics. The AI narrative, when
// there is one, goes in its own section at the end, marked as written by a model.
import type { TaskStatus } from "@/lib/validation/common";
import { wallTime } from "./calendar";
import type { CountFigures, Listed, ReportStats, ReportTask } from "./types";

export interface NarrativePart {
  text: string;
  model: string;
}

export interface RenderOptions {
  projectName: string;
  narrative?: NarrativePart | null;
  /** Why a requested narrative is missing. */
  narrativeError?: string | null;
}

/** Daily rows up to this many days; longer periods get one row per week. */
export const DAILY_ROWS_MAX = 31;

/** Text from users and models, made inert: no emphasis, links, HTML or table breaks. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .trim();
}

const STATUS_WORDS: Record<TaskStatus, string> = {
  pending: "pending",
  "in-progress": "in progress",
  review: "in review",
  done: "done",
  deferred: "deferred",
  cancelled: "cancelled",
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const task = (t: { ref: string; title: string }) => `#${t.ref} ${escapeInline(t.title)}`;
const withStatus = (t: ReportTask) => `${task(t)} (${STATUS_WORDS[t.status]})`;

function more(list: Listed<unknown>): string[] {
  const rest = list.total - list.items.length;
  return rest > 0 ? [`- … and ${rest} more`] : [];
}

function bulleted<T>(list: Listed<T>, line: (item: T) => string, empty: string): string[] {
  if (list.total === 0) return [`_${empty}_`];
  return [...list.items.map((item) => `- ${line(item)}`), ...more(list)];
}

function summaryTable(s: ReportStats): string[] {
  const row = (label: string, pick: (f: CountFigures) => string | number) => `| ${label} | ${pick(s.tasks)} | ${pick(s.subtasks)} |`;
  return [
    "| | Tasks | Subtasks |",
    "|---|---:|---:|",
    row("Scope at start", (f) => f.scopeAtStart),
    row("Scope at end", (f) => f.scopeAtEnd),
    row("Done at start", (f) => f.doneAtStart),
    row("Done at end", (f) => `${f.doneAtEnd} (${f.percentAtEnd}%)`),
    row("Completed in the period", (f) => f.completed),
    row("Reopened", (f) => f.reopened),
    row("Added", (f) => f.added),
    row("… of which imported", (f) => f.imported),
    row("Deleted", (f) => f.deleted),
    row("Cancelled", (f) => f.cancelled),
  ];
}

function burnupTable(s: ReportStats): string[] {
  const daily = s.burnup.length <= DAILY_ROWS_MAX;
  // Weekly: the last day of each ISO week in the period, and always the period's last day.
  const rows = daily ? s.burnup : s.burnup.filter((d, i) => i === s.burnup.length - 1 || new Date(`${d.day}T00:00:00Z`).getUTCDay() === 0);
  return [
    daily ? "Top-level tasks at the end of each day." : "Top-level tasks at the end of each week (Sunday), and on the period's last day.",
    "",
    "| Day | Scope | Done |",
    "|---|---:|---:|",
    ...rows.map((d) => `| ${d.day} | ${d.scope} | ${d.done} |`),
  ];
}

function throughputTable(s: ReportStats): string[] {
  return [
    "Tasks completed per ISO week, counted in the week of their last completion.",
    "",
    "| Week | Starts | Tasks | Subtasks |",
    "|---|---|---:|---:|",
    ...s.throughput.map(
      (w) => `| ${w.week}${w.days < 7 ? ` (${plural(w.days, "day")} in the period)` : ""} | ${w.weekStart} | ${w.tasks} | ${w.subtasks} |`,
    ),
  ];
}

function narrativeSection(o: RenderOptions): string[] {
  if (o.narrative) {
    const quoted = o.narrative.text
      .trim()
      .split(/\r?\n/)
      .map((l) => (l.trim() ? `> ${l.trimEnd()}` : ">"));
    return [
      "## Narrative (AI-written)",
      "",
      `_Written by the model ${escapeInline(o.narrative.model)} from the figures above. The figures are computed from the project's history; this text is not, so check it against them._`,
      "",
      ...quoted,
    ];
  }
  if (o.narrativeError) {
    return [
      "## Narrative (AI-written)",
      "",
      `_The narrative could not be written: ${escapeInline(o.narrativeError)} The figures above are complete._`,
    ];
  }
  return [];
}

export function renderReportMarkdown(s: ReportStats, o: RenderOptions): string {
  const tz = s.period.timeZone;
  const at = (isoTime: string) => wallTime(Date.parse(isoTime), tz);
  const t = s.tasks;
  const r = s.risks;
  const lines: string[] = [
    `# Progress report: ${escapeInline(o.projectName)}`,
    "",
    `**Period:** ${s.period.firstDay} to ${s.period.lastDay} (${plural(s.period.days, "day")}, ${tz}) · **Generated:** ${at(s.generatedAt)} ${tz}`,
    "",
    "## Summary",
    "",
    `${plural(t.completed, "task")} and ${plural(s.subtasks.completed, "subtask")} completed in the period. ` +
      `Top-level tasks: ${t.doneAtEnd} of ${t.scopeAtEnd} done (${t.percentAtEnd}%), up from ${t.doneAtStart} of ${t.scopeAtStart} at the start.`,
    "",
    ...summaryTable(s),
    "",
    "Scope is every task that exists and is not cancelled. A task counts as completed once, at its last move to done in the period, " +
      `and only if it is still done at the end (moves to done in all: ${t.completions} for tasks, ${s.subtasks.completions} for subtasks). ` +
      "Imported tasks join the scope when imported; importing a done task is not a completion." +
      (s.burnup.length > 0 && s.burnup[0]!.day !== s.period.firstDay
        ? ` The plan was imported on ${s.burnup[0]!.day}, so the chart starts that day: there is no history from before the import.`
        : ""),
    "",
    "## Completion over time",
    "",
    ...burnupTable(s),
    "",
    "## Throughput per week",
    "",
    ...throughputTable(s),
    "",
    `## Done in the period (${s.done.total})`,
    "",
    ...bulleted(s.done, (d) => `${task(d)} — ${d.day}`, "Nothing was completed in this period."),
    "",
    `## In progress (${s.inProgress.total})`,
    "",
    `As of ${at(s.generatedAt)} ${tz}, like the sections below.`,
    "",
    ...bulleted(
      s.inProgress,
      (p) => `${task(p)} — ${STATUS_WORDS[p.status]}${p.since ? ` since ${at(p.since).slice(0, 10)}` : ""}`,
      "Nothing is in progress.",
    ),
    "",
    `## Blocked (${s.blocked.total})`,
    "",
    ...bulleted(s.blocked, (b) => `${task(b)} — waiting on ${b.blockedBy.map(withStatus).join(", ")}`, "Nothing is blocked."),
    "",
    "## Next up",
    "",
    s.next.task
      ? `**${task(s.next.task)}** (${s.next.task.priority} priority). ${escapeInline(s.next.reason)}`
      : `_${escapeInline(s.next.reason)}_`,
    "",
    `Ready to work (${s.ready.total}):`,
    "",
    ...bulleted(s.ready, (x) => `${task(x)} — ${x.priority} priority, ${STATUS_WORDS[x.status]}`, "Nothing is ready."),
    "",
    "## Risks",
    "",
    `**High complexity, not started** (complexity ${r.complexityThreshold} or more, still pending): ${r.complex.total}`,
    "",
    ...bulleted(r.complex, (c) => `${task(c)} — complexity ${c.complexity}`, "None."),
    "",
    `**In progress for ${plural(r.staleDays, "day")} or more** (since the last move into in progress): ${r.stale.total}`,
    "",
    ...bulleted(r.stale, (x) => `${task(x)} — ${plural(x.days, "day")}, since ${at(x.since).slice(0, 10)}`, "None."),
    "",
    `**Depending on cancelled tasks** (open work that still lists a cancelled prerequisite): ${r.cancelledPrerequisites.total}`,
    "",
    ...bulleted(
      r.cancelledPrerequisites,
      (c) => `${task(c)} (cancelled) is still a prerequisite of ${c.dependents.map(withStatus).join(", ")}`,
      "None.",
    ),
  ];
  const narrative = narrativeSection(o);
  if (narrative.length) lines.push("", ...narrative);
  return `${lines.join("\n")}\n`;
}
