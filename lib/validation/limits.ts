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

/** Models on the user's Ollama: names Cairn accepts, and what a Modelfile may be. */
export const AI_MODEL_LIMITS = {
  /** Characters of a model name (host/namespace/model:tag). */
  modelName: 200,
  /** Characters of a Modelfile Cairn sends to /api/create. */
  modelfile: 32_000,
  /** Characters of its SYSTEM prompt. */
  systemPrompt: 16_000,
} as const;

/** A model name as Ollama spells one: letters, digits, and . _ - / :, starting with a letter or digit. */
export const MODEL_NAME_PATTERN = /^[a-zA-Z0-9][\w.\-/:]*$/;

/**
 * The name of a model Cairn creates: model[:tag] on this server, no host or namespace (Ollama
 * allows at most 80 characters in a tag).
 */
export const CREATED_MODEL_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}(?::[a-zA-Z0-9_][a-zA-Z0-9._-]{0,79})?$/;
