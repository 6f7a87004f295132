/** Prompts for turning a requirements document into a dependency-ordered plan. */
export const PARSE_PRD_SYSTEM = `You are a senior engineer planning work for a small team.
Turn the product requirements document into an ordered list of development tasks.
Rules:
- Each task is a unit one developer can finish in a day or two.
- Order tasks so that foundations come first; a task may depend only on EARLIER tasks, by their id.
- Give every task: id (1, 2, 3…), title (imperative, under 80 characters), description (one or two sentences),
  details (how to implement it: libraries, files, edge cases), testStrategy (how to verify it),
  priority (low, medium, high or critical) and dependencies (ids of earlier tasks, possibly empty).
- Answer with JSON only: {"tasks": [...]}. No prose, no markdown fences.`;

/** Roughly 4 characters a token for English text: enough to keep a prompt inside num_ctx. */
const CHARS_PER_TOKEN = 4;

/**
 * The user message, with the PRD cut to what fits the model's context after leaving room for
 * the instructions and the answer. Returns whether it had to cut.
 */
export function parsePrdPrompt(
  prd: string,
  opts: { numTasks?: number; numCtx: number; existing?: string[] },
): { text: string; truncated: boolean } {
  const answerBudget = Math.min(0.5, (300 * (opts.numTasks ?? 12)) / opts.numCtx) * opts.numCtx;
  const room = Math.max(1000, (opts.numCtx - answerBudget - 600) * CHARS_PER_TOKEN);
  const truncated = prd.length > room;
  const body = truncated ? `${prd.slice(0, room)}\n[… the rest of the document did not fit …]` : prd;
  const count = opts.numTasks
    ? `Create exactly ${opts.numTasks} tasks.`
    : "Choose the number of tasks the document needs (usually 8 to 20).";
  const existing = opts.existing?.length
    ? `\nThe project already has these tasks; do not repeat them:\n${opts.existing
        .slice(0, 60)
        .map((t) => `- ${t}`)
        .join("\n")}\n`
    : "";
  return { text: `${count}${existing}\n\nRequirements document:\n"""\n${body}\n"""`, truncated };
}
