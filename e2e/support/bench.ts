// Answers a scripted model gives to the bench's three standard jobs (lib/ai/bench/sample.ts),
// each taken by the request of its own job (match on a phrase of that job's prompt), and split
// into a known number of streamed chunks: the test server counts one token a chunk.

export const BENCH_MATCH = {
  "parse-prd": "Requirements document",
  expand: "Break task #3 into exactly 4 subtasks",
  complexity: "Analyse these 10 tasks",
} as const;
export type BenchJobName = keyof typeof BENCH_MATCH;

const PLAN = {
  tasks: [
    {
      id: 1,
      title: "Set up the app and database",
      description: "Web app on SQLite.",
      details: "",
      testStrategy: "It starts.",
      priority: "high",
      dependencies: [],
    },
    {
      id: 2,
      title: "Items with barcodes",
      description: "Add, edit, retire items.",
      details: "",
      testStrategy: "CRUD works.",
      priority: "high",
      dependencies: [1],
    },
    {
      id: 3,
      title: "Lend and take back",
      description: "Loans with due dates.",
      details: "",
      testStrategy: "Lend twice fails.",
      priority: "high",
      dependencies: [2],
    },
  ],
};
const SUBTASKS = {
  subtasks: [1, 2, 3, 4].map((id) => ({
    id,
    title: `Desk step ${id}`,
    description: "One step of lending.",
    details: "",
    testStrategy: "Checked at the desk.",
    dependencies: id === 1 ? [] : [id - 1],
  })),
};
const SCORES = {
  tasks: Array.from({ length: 10 }, (_, i) => ({
    taskId: String(i + 1),
    complexityScore: (i % 9) + 1,
    recommendedSubtasks: i % 4,
    expansionPrompt: "Split by screen.",
    reasoning: "Small and clear.",
  })),
};

export const BENCH_ANSWERS: Record<BenchJobName, unknown> = { "parse-prd": PLAN, expand: SUBTASKS, complexity: SCORES };

/** Text cut into exactly `n` nearly equal, non-empty chunks (fewer only when the text is shorter). */
export function inChunks(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(n, text.length));
  return Array.from({ length: count }, (_, i) =>
    text.slice(Math.floor((i * text.length) / count), Math.floor(((i + 1) * text.length) / count)),
  );
}

export interface BenchReplyOptions {
  /** Chunks (= tokens) per answer. */
  tokens?: number;
  /** Wrap this job's answer in a code fence and chatter, so it needs the repair step. */
  fenced?: BenchJobName[];
  /** This job's answers are unusable (an empty list), on the first try and the retry. */
  invalid?: BenchJobName[];
}

/** Scripted replies (for ollamaServer.script or POST /__control/script) for one model's bench. */
export function benchReplies(opts: BenchReplyOptions = {}): Record<string, unknown>[] {
  const tokens = opts.tokens ?? 12;
  return (Object.keys(BENCH_MATCH) as BenchJobName[]).flatMap((job) => {
    const match = BENCH_MATCH[job];
    if (opts.invalid?.includes(job)) {
      const empty = inChunks(JSON.stringify({ [job === "expand" ? "subtasks" : "tasks"]: [] }), tokens);
      return [
        { match, content: empty },
        { match, content: empty },
      ];
    }
    const json = JSON.stringify(BENCH_ANSWERS[job]);
    const text = opts.fenced?.includes(job) ? `Here is the plan:\n\`\`\`json\n${json}\n\`\`\`\nHope this helps!` : json;
    return [{ match, content: inChunks(text, tokens) }];
  });
}
