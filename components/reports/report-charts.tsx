"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReportStats } from "@/lib/reports/types";
import { formatDay, formatShortDay } from "./format";
import { plural } from "@/lib/plural";

// Colours that read on both the light and the dark background; axes and grid take the text colour.
const SCOPE = "#a1a1aa";
const DONE = "#10b981";
const TASKS = "#5b5bd6";
const SUBTASKS = "#a5a5ee";
const axis = { fill: "currentColor", fontSize: 11 };

function ChartCard({ title, summary, testId, children }: { title: string; summary: string; testId: string; children: React.ReactNode }) {
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      <p className="sr-only">{summary}</p>
      {/* The same figures are in the markdown below as tables; the chart is for the eye. */}
      <div className="h-56 text-muted" aria-hidden>
        {children}
      </div>
    </section>
  );
}

type TipProps = { active?: boolean; label?: string | number; payload?: { name?: string; value?: number | string; color?: string }[] };
function Tip({ active, label, payload, title }: TipProps & { title: (label: string) => string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs text-zinc-800 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <p className="mb-0.5 font-medium">{title(String(label))}</p>
      {payload.map((p) => (
        <p key={p.name} className="flex items-center gap-1.5">
          <span className="inline-block h-2 w-2 rounded-full" style={{ background: p.color }} />
          {p.name}: <span className="tabular-nums">{p.value}</span>
        </p>
      ))}
    </div>
  );
}

export function BurnupChart({ stats }: { stats: ReportStats }) {
  const data = stats.burnup;
  const last = data[data.length - 1];
  const summary = last ? `Burn-up: on ${last.day}, ${last.done} of ${last.scope} top-level tasks done.` : "No days in the period.";
  return (
    <ChartCard title="Completion over time" summary={summary} testId="report-burnup">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="day" tick={axis} tickFormatter={formatShortDay} stroke="currentColor" strokeOpacity={0.3} minTickGap={24} />
          <YAxis allowDecimals={false} tick={axis} stroke="currentColor" strokeOpacity={0.3} width={48} />
          <Tooltip content={<Tip title={formatDay} />} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="linear"
            dataKey="scope"
            name="Scope"
            stroke={SCOPE}
            strokeWidth={2}
            strokeDasharray="5 4"
            dot={data.length <= 31 ? { r: 2 } : false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="done"
            name="Done"
            stroke={DONE}
            strokeWidth={2}
            dot={data.length <= 31 ? { r: 2 } : false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function ThroughputChart({ stats }: { stats: ReportStats }) {
  const data = stats.throughput.map((w) => ({ ...w, label: w.week.slice(5) }));
  const summary = `Throughput: ${stats.throughput.map((w) => `${w.week} ${plural(w.tasks, "task")}, ${plural(w.subtasks, "subtask")}`).join("; ")}.`;
  const weekTitle = (label: string) => {
    const w = data.find((d) => d.label === label);
    return w ? `${w.week}, from ${formatDay(w.weekStart)}${w.days < 7 ? ` (${plural(w.days, "day")} in the period)` : ""}` : label;
  };
  return (
    <ChartCard title="Completed per week" summary={summary} testId="report-throughput">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="label" tick={axis} stroke="currentColor" strokeOpacity={0.3} minTickGap={8} />
          <YAxis allowDecimals={false} tick={axis} stroke="currentColor" strokeOpacity={0.3} width={48} />
          <Tooltip content={<Tip title={weekTitle} />} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="tasks" name="Tasks" stackId="done" fill={TASKS} isAnimationActive={false} />
          <Bar dataKey="subtasks" name="Subtasks" stackId="done" fill={SUBTASKS} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
