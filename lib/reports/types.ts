// What the report services return, as plain types: the browser imports these, never the services.
import type { Ymd } from "./calendar";
import type { TaskPriority, TaskStatus } from "@/lib/validation/common";

export interface ReportTask {
  ref: string;
  title: string;
  status: TaskStatus;
}

export interface CountFigures {
  scopeAtStart: number;
  doneAtStart: number;
  scopeAtEnd: number;
  doneAtEnd: number;
  /** doneAtEnd of scopeAtEnd, rounded down, as on the overview. */
  percentAtEnd: number;
  /** Tasks finished in the period and still done at its end (each once). */
  completed: number;
  /** Every move to done in the period, repeats included. */
  completions: number;
  reopened: number;
  /** Created or imported in the period. */
  added: number;
  /** Of `added`, how many came by import. */
  imported: number;
  deleted: number;
  cancelled: number;
}

export interface Listed<T> {
  items: T[];
  /** How many there are; `items` holds the first ones. */
  total: number;
}

export interface ReportStats {
  version: 1;
  generatedAt: string;
  period: {
    from: string;
    to: string;
    /** The figures run to here: the period's end, or the moment of generation if that is earlier. */
    end: string;
    timeZone: string;
    firstDay: Ymd;
    lastDay: Ymd;
    days: number;
  };
  tasks: CountFigures;
  subtasks: CountFigures;
  /** Top-level tasks at the end of each day (the last day: at the end of the period). */
  burnup: { day: Ymd; scope: number; done: number }[];
  /** Completed tasks per ISO week, by the week of their last completion. */
  throughput: { week: string; weekStart: Ymd; days: number; tasks: number; subtasks: number }[];
  done: Listed<ReportTask & { completedAt: string; day: Ymd }>;
  inProgress: Listed<ReportTask & { since: string | null }>;
  blocked: Listed<ReportTask & { blockedBy: ReportTask[] }>;
  next: { task: (ReportTask & { priority: TaskPriority }) | null; reason: string };
  ready: Listed<ReportTask & { priority: TaskPriority }>;
  risks: {
    complexityThreshold: number;
    staleDays: number;
    complex: Listed<ReportTask & { complexity: number }>;
    stale: Listed<ReportTask & { since: string; days: number }>;
    cancelledPrerequisites: Listed<{ ref: string; title: string; dependents: ReportTask[] }>;
  };
}

/** A saved report in the history list (no markdown: the list stays light). */
export interface ReportSummaryDto {
  id: string;
  periodFrom: string;
  periodTo: string;
  createdAt: string;
  authorId: string | null;
  authorName: string | null;
  /** The model that wrote the narrative, when there is one. */
  model: string | null;
  hasNarrative: boolean;
}

export interface ReportDto extends ReportSummaryDto {
  projectId: string;
  markdown: string;
  stats: ReportStats;
  narrative: string | null;
  /** Why a requested narrative is missing (the figures are complete regardless). */
  narrativeError: string | null;
}
