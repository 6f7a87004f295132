/** Prompts for rewriting tasks after a change of plan. */
export const UPDATE_SYSTEM = `You update development tasks to reflect a change in the plan.
Rules:
- You may change only title, description, details, testStrategy and priority (low, medium, high or critical).
- Never change a task's id, dependencies or status.
- Return only the tasks that need to change, each with its id and only the fields that change,
  giving the complete new text of every changed field. Keep what is still right.
- Answer with JSON only: {"tasks": [{"id": "12", ...}]}, or {"tasks": []} when nothing needs to change.
  No prose, no markdown fences.`;

const CHARS_PER_TOKEN = 4;
/** Rewritten tasks come back whole, so a call carries far fewer tasks than a complexity call. */
export const MAX_TASKS_PER_CALL = 8;
const ANSWER_TOKENS_PER_TASK = 500;
const MIN_TOKENS_PER_TASK = 250;
const OVERHEAD_TOKENS = 700;

export interface UpdatePromptTask {
  ref: string;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  priority: string;
  status: string;
}

export function updateBatchSize(numCtx: number, instructionChars: number): number {
  const free = numCtx - OVERHEAD_TOKENS - Math.ceil(instructionChars / CHARS_PER_TOKEN);
  const fit = Math.floor(free / (ANSWER_TOKENS_PER_TASK + MIN_TOKENS_PER_TASK));
  return Math.max(1, Math.min(MAX_TASKS_PER_CALL, fit));
}

/** `clipped` names the tasks whose details did not fit: their details must not be rewritten. */
export function updatePrompt(tasks: UpdatePromptTask[], instruction: string, numCtx: number): { text: string; clipped: string[] } {
  const room = Math.max(2000, (numCtx - OVERHEAD_TOKENS - ANSWER_TOKENS_PER_TASK * tasks.length) * CHARS_PER_TOKEN - instruction.length);
  const perTask = Math.floor(room / Math.max(1, tasks.length));
  const clipped: string[] = [];
  const blocks = tasks.map((t) => {
    const head = [
      `### #${t.ref} (status ${t.status}, priority ${t.priority})`,
      `Title: ${t.title}`,
      `Description: ${t.description}`,
      `Test strategy: ${t.testStrategy}`,
    ].join("\n");
    const left = Math.max(200, perTask - head.length - 12);
    if (t.details.length <= left) return `${head}\nDetails: ${t.details}`;
    // A model that saw only part of the details would write the cut version back.
    clipped.push(t.ref);
    return `${head}\nDetails (too long to show in full; do not return details for this task): ${t.details.slice(0, left).trimEnd()} […]`;
  });
  return { text: `The change:\n"""\n${instruction}\n"""\n\nTasks:\n\n${blocks.join("\n\n")}`, clipped };
}
