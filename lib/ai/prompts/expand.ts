/** Prompts for breaking one task into subtasks. */
export const EXPAND_SYSTEM = `You are a senior engineer breaking one development task into subtasks.
Rules:
- Each subtask is a concrete step one developer can finish in a few hours.
- Order subtasks so that foundations come first; a subtask may depend only on EARLIER subtasks in your list, by their id.
- Give every subtask: id (1, 2, 3…), title (imperative, under 80 characters), description (one sentence),
  details (how to implement it: files, libraries, edge cases), testStrategy (how to verify it)
  and dependencies (ids of earlier subtasks in your list, possibly empty).
- Answer with JSON only: {"subtasks": [...]}. No prose, no markdown fences.`;

/** Roughly 4 characters a token for English text: enough to keep a prompt inside num_ctx. */
const CHARS_PER_TOKEN = 4;

export interface ExpandPromptTask {
  ref: string;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  /** From an earlier complexity analysis, when there was one. */
  expansionPrompt: string | null;
}

export function expandPrompt(
  task: ExpandPromptTask,
  opts: { count: number; numCtx: number; prerequisites: string[]; existing: string[]; instruction?: string },
): { text: string; truncated: boolean } {
  // Leave room for the answer (a few hundred tokens a subtask) and the instructions.
  const answerBudget = Math.min(0.5 * opts.numCtx, 250 * opts.count);
  const room = Math.max(1500, (opts.numCtx - answerBudget - 700) * CHARS_PER_TOKEN);
  const lines = [
    `Break task #${task.ref} into exactly ${opts.count} subtasks.`,
    "",
    `Task #${task.ref}: ${task.title}`,
    task.description && `Description: ${task.description}`,
    task.testStrategy && `Test strategy: ${task.testStrategy}`,
    opts.prerequisites.length > 0 && `It builds on the finished work of: ${opts.prerequisites.slice(0, 20).join("; ")}`,
    opts.existing.length > 0 &&
      `It already has these subtasks; keep them and do not repeat them:\n${opts.existing
        .slice(0, 50)
        .map((s) => `- ${s}`)
        .join("\n")}`,
    task.expansionPrompt && `Guidance from the complexity analysis: ${task.expansionPrompt}`,
    opts.instruction && `Additional instruction: ${opts.instruction}`,
  ].filter((l): l is string => typeof l === "string" && l !== "");
  const head = lines.join("\n");
  // The details are the longest part and the least essential: they give way first.
  const left = room - head.length - 20;
  const truncated = task.details.length > Math.max(0, left);
  const details = !task.details
    ? ""
    : truncated
      ? `${task.details.slice(0, Math.max(0, left))}\n[… the rest of the details did not fit …]`
      : task.details;
  return { text: details ? `${head}\nDetails:\n${details}` : head, truncated };
}
