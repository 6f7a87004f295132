/** Prompts for scoring how hard tasks are and how to split them. */
export const COMPLEXITY_SYSTEM = `You are a senior engineer estimating development tasks.
For every task in the list give:
- taskId: the task's ref exactly as shown after # (e.g. "12")
- complexityScore: 1 (trivial) to 10 (very complex)
- recommendedSubtasks: how many subtasks it should be split into (0 when it needs none)
- expansionPrompt: one or two sentences telling a planner how to split it into subtasks
- reasoning: one or two sentences explaining the score
Answer with JSON only: {"tasks": [...]}, exactly one entry per task in the list. No prose, no markdown fences.`;

const CHARS_PER_TOKEN = 4;
/** The model call stays small enough to answer reliably; more tasks go in more calls. */
export const MAX_TASKS_PER_CALL = 25;
const ANSWER_TOKENS_PER_TASK = 160;
const MIN_TOKENS_PER_TASK = 120;
const OVERHEAD_TOKENS = 600;

export interface ComplexityPromptTask {
  ref: string;
  title: string;
  description: string;
  details: string;
  dependencies: string[];
  subtasks: number;
}

/** How many tasks one call can carry in this context size. */
export function complexityBatchSize(numCtx: number): number {
  const fit = Math.floor((numCtx - OVERHEAD_TOKENS) / (ANSWER_TOKENS_PER_TASK + MIN_TOKENS_PER_TASK));
  return Math.max(1, Math.min(MAX_TASKS_PER_CALL, fit));
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`);

export function complexityPrompt(tasks: ComplexityPromptTask[], numCtx: number): { text: string; truncated: boolean } {
  const room = Math.max(2000, (numCtx - OVERHEAD_TOKENS - ANSWER_TOKENS_PER_TASK * tasks.length) * CHARS_PER_TOKEN);
  const perTask = Math.floor(room / Math.max(1, tasks.length));
  let truncated = false;
  const blocks = tasks.map((t) => {
    const head = [
      `#${t.ref} ${t.title}`,
      t.description && `Description: ${t.description}`,
      t.dependencies.length > 0 && `Depends on: ${t.dependencies.map((d) => `#${d}`).join(", ")}`,
      t.subtasks > 0 && `Already has ${t.subtasks} subtasks`,
    ]
      .filter((l): l is string => typeof l === "string" && l !== "")
      .join("\n");
    const left = perTask - head.length - 10;
    if (!t.details) return clip(head, perTask);
    if (t.details.length > left) truncated = true;
    return left > 40 ? `${head}\nDetails: ${clip(t.details, left)}` : clip(head, perTask);
  });
  return { text: `Analyse these ${tasks.length} tasks:\n\n${blocks.join("\n\n")}`, truncated };
}
