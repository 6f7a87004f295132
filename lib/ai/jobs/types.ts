// What the AI jobs take and return, as plain types: the browser imports these, never the jobs.
import type { EditableValues, NewTaskDraft } from "../drafts/edits";
import type { PlanDraftTask, SubtaskDraft } from "../drafts/plan";
import type { TaskDto } from "@/lib/tasks/types";
import type { AiRole } from "@/lib/validation/ai";

/** Who is answering: the model, the role whose chain it is on, and why that role. */
export interface ModelInfo {
  endpoint: string;
  model: string;
  role: AiRole;
  routedBecause: string;
  external: boolean;
}

/** Every job's answer says which role answered and why (expand-all and batches join them with ", " / "; "). */
export interface RouteMeta {
  role: string;
  routedBecause: string;
  external: boolean;
}

/** A plan draft task, as the review screen shows it. */
export type { PlanDraftTask } from "../drafts/plan";

export interface JobHooks {
  /**
   * Partial JSON as it streams. Jobs that make several model calls (expand all, analyse
   * complexity, update) wrap it as { step, steps, refs, partial } so the UI can say which part.
   */
  onPartial?: (partial: unknown) => void;
  onModel?: (m: ModelInfo) => void;
  signal?: AbortSignal;
}

export interface AddTaskResult extends RouteMeta {
  draft: NewTaskDraft;
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  /** Present when the draft was applied: the task as written. */
  applied?: TaskDto;
}

export interface ComplexityReportEntry {
  ref: string;
  title: string;
  complexityScore: number;
  /** null when the model gave no usable count. */
  recommendedSubtasks: number | null;
  expansionPrompt: string;
  reasoning: string;
}

export interface ComplexityReport {
  /** Highest score first. */
  tasks: ComplexityReportEntry[];
  threshold: number | null;
  /** Refs scoring at or above the threshold (empty without one): the tasks worth expanding. */
  aboveThreshold: string[];
}

export interface AnalyzeComplexityResult extends RouteMeta {
  draft: ComplexityReport;
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  /** Present when the report was applied: the tasks as written. */
  applied?: TaskDto[];
}

export interface ExpandDraft {
  /** The task being expanded. */
  ref: string;
  title: string;
  mode: "append" | "replace";
  /** How many subtasks were asked for. */
  count: number;
  /** Subtasks that applying this draft deletes (replace mode only). */
  removes: string[];
  subtasks: SubtaskDraft[];
}

export interface ExpandResult extends RouteMeta {
  draft: ExpandDraft;
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  /** Present when the draft was applied: the subtasks as written. */
  applied?: TaskDto[];
  /** Present when the draft was applied: refs of the subtasks replace mode deleted. */
  removed?: string[];
}

export interface ExpandAllTaskReport {
  ref: string;
  title: string;
  outcome: "drafted" | "failed";
  /** Subtasks drafted for this task. */
  subtasks: number;
  model: string | null;
  role: string | null;
  routedBecause: string | null;
  cached: boolean;
  warnings: string[];
  error: { code: string; message: string } | null;
}

export interface ExpandAllResult extends RouteMeta {
  /** One draft per task that the model expanded. */
  draft: ExpandDraft[];
  /** One line per task considered, failed ones included. */
  tasks: ExpandAllTaskReport[];
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  applied?: TaskDto[];
}

export interface ParsePrdResult extends RouteMeta {
  draft: PlanDraftTask[];
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  /** For an answer from the response cache: when the model wrote it (ISO). */
  cachedAt?: string;
  /** Present when the draft was applied: the tasks as written. */
  applied?: TaskDto[];
}

export interface TaskUpdateDraft {
  ref: string;
  /** The version the change was computed against; applying a stale draft is a conflict. */
  version: number;
  before: EditableValues;
  /** Only the fields that change. */
  after: Partial<EditableValues>;
}

export interface UpdateTasksResult extends RouteMeta {
  draft: TaskUpdateDraft[];
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  /** Present when the draft was applied: the tasks as written. */
  applied?: TaskDto[];
}
