/** Prompts for the short narrative of a progress report. The figures are computed; the model only words them. */
import type { ReportStats } from "@/lib/reports/types";
import { plural } from "@/lib/plural";

export const REPORT_NARRATIVE_SYSTEM = `You write the narrative of a software project's progress report for the team.
You get figures computed from the project's history. Use only these figures and the task titles given;
never invent numbers, dates, people or tasks, and do not repeat every figure.
Write 3 to 6 sentences of plain prose: what moved in the period, what is stuck and on what, what to watch next.
No headings, no lists, no tables.
Answer with JSON only: {"narrative": "..."}. No prose outside the JSON, no markdown fences.`;

/** How many items of each list the model sees: enough to name the important ones, small enough for any context. */
const SHOWN = 12;

const line = (t: { ref: string; title: string }) => `#${t.ref} ${t.title}`;
function list<T extends { ref: string; title: string }>(
  label: string,
  l: { items: T[]; total: number },
  extra: (t: T) => string = () => "",
): string {
  if (l.total === 0) return `${label}: none`;
  const shown = l.items.slice(0, SHOWN).map((t) => `- ${line(t)}${extra(t)}`);
  const rest = l.total - shown.length;
  return [`${label} (${l.total}):`, ...shown, ...(rest > 0 ? [`- … and ${rest} more`] : [])].join("\n");
}

export function reportNarrativePrompt(projectName: string, s: ReportStats): string {
  const t = s.tasks;
  const st = s.subtasks;
  const weeks = s.throughput
    .map(
      (w) =>
        `${w.week}: ${plural(w.tasks, "task")}, ${plural(w.subtasks, "subtask")}${w.days < 7 ? ` (${plural(w.days, "day")} in the period)` : ""}`,
    )
    .join("; ");
  return [
    `Project: ${projectName}`,
    `Period: ${s.period.firstDay} to ${s.period.lastDay} (${s.period.days} days, ${s.period.timeZone})`,
    `Top-level tasks: scope ${t.scopeAtStart} → ${t.scopeAtEnd}, done ${t.doneAtStart} → ${t.doneAtEnd} (${t.percentAtEnd}%), completed in the period ${t.completed}, reopened ${t.reopened}, added ${t.added}, deleted ${t.deleted}, cancelled ${t.cancelled}`,
    `Subtasks: scope ${st.scopeAtStart} → ${st.scopeAtEnd}, done ${st.doneAtStart} → ${st.doneAtEnd}, completed in the period ${st.completed}, reopened ${st.reopened}`,
    `Completed per ISO week: ${weeks || "none"}`,
    list("Completed in the period", s.done),
    list("In progress now", s.inProgress, (p) => (p.status === "review" ? " (in review)" : "")),
    list("Blocked now", s.blocked, (b) => ` — waiting on ${b.blockedBy.map(line).join(", ")}`),
    s.next.task ? `Next up: ${line(s.next.task)} (${s.next.reason})` : `Next up: nothing (${s.next.reason})`,
    list(`Risks — complexity ${s.risks.complexityThreshold}+ and not started`, s.risks.complex, (c) => ` (complexity ${c.complexity})`),
    list(`Risks — in progress for ${s.risks.staleDays} days or more`, s.risks.stale, (x) => ` (${plural(x.days, "day")})`),
    list(
      "Risks — open work depending on cancelled tasks",
      s.risks.cancelledPrerequisites,
      (c) => ` (needed by ${c.dependents.map((d) => `#${d.ref}`).join(", ")})`,
    ),
  ].join("\n");
}
