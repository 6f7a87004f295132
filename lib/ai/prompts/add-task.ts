/** Prompts for adding one task to an existing plan. */
export const ADD_TASK_SYSTEM = `You add one task to a development plan.
Give: title (imperative, under 80 characters), description (one or two sentences), details (how to implement it:
libraries, files, edge cases), testStrategy (how to verify it), priority (low, medium, high or critical) and
dependencies: the refs of EXISTING tasks from the list that must be finished before this one (possibly empty).
Use only refs that appear in the list.
Answer with JSON only: {"title": ..., "description": ..., "details": ..., "testStrategy": ..., "priority": ..., "dependencies": [...]}.
No prose, no markdown fences.`;

const CHARS_PER_TOKEN = 4;
const ANSWER_TOKENS = 1200;
const OVERHEAD_TOKENS = 600;

export interface ExistingTaskLine {
  ref: string;
  title: string;
  status: string;
}

const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 3),
  );

/**
 * The request plus a compact list of existing tasks ("#ref title (status)"). When the list does
 * not fit the context, the tasks sharing the most words with the request are kept.
 */
export function addTaskPrompt(request: string, existing: ExistingTaskLine[], numCtx: number): { text: string; shown: number } {
  const room = Math.max(1000, (numCtx - ANSWER_TOKENS - OVERHEAD_TOKENS) * CHARS_PER_TOKEN - request.length);
  const line = (t: ExistingTaskLine) => `#${t.ref} ${t.title} (${t.status})`;
  let kept = existing;
  const total = existing.reduce((n, t) => n + line(t).length + 1, 0);
  if (total > room) {
    const asked = words(request);
    const score = (t: ExistingTaskLine) => [...words(t.title)].filter((w) => asked.has(w)).length;
    const ranked = existing.map((t, i) => ({ t, i, s: score(t) })).sort((a, b) => b.s - a.s || a.i - b.i);
    const picked: typeof ranked = [];
    let used = 0;
    for (const r of ranked) {
      const len = line(r.t).length + 1;
      if (used + len > room) continue;
      picked.push(r);
      used += len;
    }
    kept = picked.sort((a, b) => a.i - b.i).map((r) => r.t);
  }
  const list = kept.length > 0 ? kept.map(line).join("\n") : "(the project has no tasks yet)";
  const more = kept.length < existing.length ? `\n(${existing.length - kept.length} more tasks are not shown)` : "";
  return { text: `The new task:\n"""\n${request}\n"""\n\nExisting tasks:\n${list}${more}`, shown: kept.length };
}
