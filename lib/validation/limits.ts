// Column limits, one set: the zod schemas enforce them, the forms show them as maxLength, and the
// AI drafts and the Task Master import clip to them, so whatever they produce always saves.
// Plain constants only: components import this file.

export const TASK_LIMITS = {
  title: 300,
  description: 20_000,
  details: 100_000,
  testStrategy: 20_000,
  acceptanceCriteria: 20_000,
  expansionPrompt: 10_000,
  complexityReasoning: 10_000,
  assignee: 200,
  /** Highest complexity score; the lowest is 1. */
  complexity: 10,
  recommendedSubtasks: 50,
  /** Characters of one label, and labels on one task. */
  labelLength: 50,
  labelCount: 30,
  note: 20_000,
} as const;

export const PROJECT_LIMITS = {
  name: 120,
  description: 5_000,
} as const;

export const BENCH_LIMITS = {
  /** Models one bench run measures, one after another (each takes minutes on real hardware). */
  models: 8,
  /** Runs kept; older ones are deleted when a new one starts. */
  keptRuns: 20,
} as const;
