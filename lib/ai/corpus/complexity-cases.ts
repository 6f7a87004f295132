// Analyse-complexity answers for Tidy's eight top-level tasks (refs "1" to "8").
import type { ComplexityOutput } from "@/lib/ai/drafts/complexity";
import type { CorpusCase } from "./types";

const F = "```";
const REFS = ["1", "2", "3", "4", "5", "6", "7", "8"];

export const TIDY_ANALYSIS: ComplexityOutput = {
  tasks: [
    {
      taskId: "1",
      complexityScore: 3,
      recommendedSubtasks: 3,
      expansionPrompt: "Split into scaffold, database and tooling.",
      reasoning: "Standard setup work.",
    },
    {
      taskId: "2",
      complexityScore: 7,
      recommendedSubtasks: 5,
      expansionPrompt: "Cover model, sign-up, sign-in, reset and route protection.",
      reasoning: "Security-sensitive with several flows.",
    },
    {
      taskId: "3",
      complexityScore: 6,
      recommendedSubtasks: 4,
      expansionPrompt: "Models, invite tokens, accept page, emails.",
      reasoning: "Token expiry and membership rules.",
    },
    {
      taskId: "4",
      complexityScore: 5,
      recommendedSubtasks: 4,
      expansionPrompt: "Model, API routes, list UI, edit UI.",
      reasoning: "Plain CRUD across a few screens.",
    },
    {
      taskId: "5",
      complexityScore: 8,
      recommendedSubtasks: 5,
      expansionPrompt: "Recurrence format, next occurrence, edge cases, UI.",
      reasoning: "Date arithmetic across DST and month ends.",
    },
    {
      taskId: "6",
      complexityScore: 6,
      recommendedSubtasks: 3,
      expansionPrompt: "Scheduler, digest query, SMTP sending.",
      reasoning: "Background job plus email delivery.",
    },
    {
      taskId: "7",
      complexityScore: 4,
      recommendedSubtasks: 3,
      expansionPrompt: "Queries, layout, overdue list.",
      reasoning: "Read-only views.",
    },
    {
      taskId: "8",
      complexityScore: 5,
      recommendedSubtasks: 3,
      expansionPrompt: "Playwright flows, Dockerfile, CI job.",
      reasoning: "Tooling work with some flakiness risk.",
    },
  ],
};

const SCORES = TIDY_ANALYSIS.tasks.map((t): [string, number, number] => [t.taskId, t.complexityScore, t.recommendedSubtasks]);
const EXACT = TIDY_ANALYSIS.tasks.map(({ taskId, ...rest }) => ({ taskRef: taskId, ...rest }));
const CLEAN = JSON.stringify(TIDY_ANALYSIS, null, 2);

export const COMPLEXITY_CASES: CorpusCase[] = [
  {
    id: "complexity-valid",
    job: "complexity",
    model: "qwen3:8b (format, think off)",
    note: "perfectly valid",
    knownRefs: REFS,
    text: CLEAN,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: [] },
  },
  {
    id: "complexity-deepseek-think-fence-prose",
    job: "complexity",
    model: "deepseek-r1:8b",
    note: "<think>, prose, ```json fence, closing summary",
    knownRefs: REFS,
    text: `<think>
Recurring schedules are the hardest because of date math. Setup is easy. Let me score each 1-10.
</think>

Here's my complexity analysis:

${F}json
${CLEAN}
${F}

Task 5 (recurring schedules) is the most complex and should be expanded first.`,
    expect: {
      outcome: "ok",
      count: 8,
      scores: SCORES,
      warnings: [],
      repairs: ["removed <think> block", "removed code fence", "removed text around the JSON"],
    },
  },
  {
    id: "complexity-string-scores",
    job: "complexity",
    model: "llama3.2:3b",
    note: 'scores as "7", "8/10", counts as strings',
    knownRefs: ["1", "2", "3"],
    text: `{"tasks": [
  {"taskId": "1", "complexityScore": "3", "recommendedSubtasks": "2", "expansionPrompt": "Setup steps.", "reasoning": "Easy."},
  {"taskId": "2", "complexityScore": "8/10", "recommendedSubtasks": "5", "expansionPrompt": "Auth flows.", "reasoning": "Security."},
  {"taskId": "3", "complexityScore": 6, "recommendedSubtasks": 4, "expansionPrompt": "Invites.", "reasoning": "Tokens."}
]}`,
    expect: {
      outcome: "ok",
      count: 3,
      scores: [
        ["1", 3, 2],
        ["2", 8, 5],
        ["3", 6, 4],
      ],
      warnings: [
        "Read a complexity score written as text as a number (tasks 1, 2)",
        "Read a subtask count written as text as a number (tasks 1, 2)",
      ],
      repairs: [],
    },
  },
  {
    id: "complexity-out-of-range",
    job: "complexity",
    model: "mistral:7b",
    note: "scores 0, 12 and 7.5; 80 recommended subtasks",
    knownRefs: ["1", "2", "3"],
    text: `{"tasks": [
  {"taskId": "1", "complexityScore": 0, "recommendedSubtasks": 1, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "2", "complexityScore": 12, "recommendedSubtasks": 80, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "3", "complexityScore": 7.5, "recommendedSubtasks": 4, "expansionPrompt": "a", "reasoning": "b"}
]}`,
    expect: {
      outcome: "ok",
      count: 3,
      scores: [
        ["1", 1, 1],
        ["2", 10, 50],
        ["3", 8, 4],
      ],
      warnings: [
        "Clamped complexity score 0 to 1 (task 1)",
        "Clamped complexity score 12 to 10 (task 2)",
        "Clamped recommendedSubtasks 80 to 50 (task 2)",
        "Rounded complexity score 7.5 to 8 (task 3)",
      ],
      repairs: [],
    },
  },
  {
    id: "complexity-ref-styles-unknown",
    job: "complexity",
    model: "llama3.1:8b",
    note: 'taskId as a number, "#3", "task 4", and an unknown "9"',
    knownRefs: ["1", "2", "3", "4"],
    text: `{"tasks": [
  {"taskId": 1, "complexityScore": 3, "recommendedSubtasks": 2, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "2", "complexityScore": 7, "recommendedSubtasks": 5, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "#3", "complexityScore": 6, "recommendedSubtasks": 4, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "task 4", "complexityScore": 5, "recommendedSubtasks": 3, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "9", "complexityScore": 4, "recommendedSubtasks": 2, "expansionPrompt": "a", "reasoning": "b"}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      scores: [
        ["1", 3, 2],
        ["2", 7, 5],
        ["3", 6, 4],
        ["4", 5, 3],
      ],
      warnings: [
        "Read numeric task ids as refs (task 1)",
        'Read task ids written like "#3" or "task 3" as refs (tasks 3, 4)',
        "Dropped the analysis of unknown task 9",
      ],
      repairs: [],
    },
  },
  {
    id: "complexity-field-names",
    job: "complexity",
    model: "gemma3:4b",
    note: "id/score/subtasks/prompt/reason instead of the schema's names",
    knownRefs: ["1", "2"],
    text: `${F}json
{"tasks": [
  {"id": "1", "score": 3, "subtasks": 2, "prompt": "Setup steps.", "reason": "Easy."},
  {"id": "2", "score": 7, "subtasks": 5, "prompt": "Auth flows.", "reason": "Security."}
]}
${F}`,
    expect: {
      outcome: "ok",
      count: 2,
      value: [
        { taskRef: "1", complexityScore: 3, recommendedSubtasks: 2, expansionPrompt: "Setup steps.", reasoning: "Easy." },
        { taskRef: "2", complexityScore: 7, recommendedSubtasks: 5, expansionPrompt: "Auth flows.", reasoning: "Security." },
      ],
      warnings: [
        'Read "id" as taskId (tasks 1, 2)',
        'Read "score" as complexityScore (tasks 1, 2)',
        'Read "subtasks" as recommendedSubtasks (tasks 1, 2)',
        'Read "prompt" as expansionPrompt (tasks 1, 2)',
        'Read "reason" as reasoning (tasks 1, 2)',
      ],
      repairs: ["removed code fence"],
    },
  },
  {
    id: "complexity-wrapped",
    job: "complexity",
    model: "mistral:7b",
    note: '{"complexityAnalysis": [...]}',
    knownRefs: REFS,
    text: JSON.stringify({ complexityAnalysis: TIDY_ANALYSIS.tasks }),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: ['Read the task list from "complexityAnalysis"'], repairs: [] },
  },
  {
    id: "complexity-bare-array-missing-tasks",
    job: "complexity",
    model: "llama3.2:3b",
    note: "bare array covering only 6 of the 8 tasks",
    knownRefs: REFS,
    text: JSON.stringify(TIDY_ANALYSIS.tasks.slice(0, 6), null, 2),
    expect: {
      outcome: "ok",
      count: 6,
      scores: SCORES.slice(0, 6),
      warnings: ['The answer was a bare list; read it as {"tasks": [...]}', "No analysis came back for tasks 7, 8"],
      repairs: [],
    },
  },
  {
    id: "complexity-truncated",
    job: "complexity",
    model: "qwen3:4b (num_predict 300)",
    note: "cut off inside the fourth entry",
    knownRefs: REFS,
    text: CLEAN.slice(0, CLEAN.indexOf('"Model, API routes') + 10),
    expect: { outcome: "truncated", count: 4, scores: [...SCORES.slice(0, 3), ["4", 5, 4]] },
  },
  {
    id: "complexity-empty-array",
    job: "complexity",
    model: "qwen3:0.6b",
    note: "[]",
    knownRefs: REFS,
    text: "[]",
    expect: { outcome: "shape-error", message: "the task list is empty" },
  },
  {
    id: "complexity-duplicates-missing-score",
    job: "complexity",
    model: "llama3.2:1b",
    note: "one task analysed twice, one entry without a score",
    knownRefs: ["1", "2", "3"],
    text: `{"tasks": [
  {"taskId": "1", "complexityScore": 3, "recommendedSubtasks": 2, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "1", "complexityScore": 9, "recommendedSubtasks": 8, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "2", "complexityScore": "high", "recommendedSubtasks": 5, "expansionPrompt": "a", "reasoning": "b"},
  {"taskId": "3", "complexityScore": 6, "expansionPrompt": "a", "reasoning": "b"}
]}`,
    expect: {
      outcome: "ok",
      count: 2,
      scores: [
        ["1", 3, 2],
        ["3", 6, null],
      ],
      warnings: [
        "Dropped a second analysis of task 1",
        "Dropped the analysis of task 2: no usable complexity score",
        "No usable recommendedSubtasks; left it empty (task 3)",
        "No analysis came back for task 2",
      ],
      repairs: [],
    },
  },
  {
    id: "complexity-no-scores",
    job: "complexity",
    model: "phi3:mini",
    note: "prose ratings instead of numbers for every task",
    knownRefs: ["1", "2"],
    text: `{"tasks": [{"taskId": "1", "complexityScore": "low"}, {"taskId": "2", "complexityScore": "high"}]}`,
    expect: { outcome: "shape-error", message: "entry 1 (task 1) has no numeric complexityScore" },
  },
  {
    id: "complexity-refusal-after-think",
    job: "complexity",
    model: "qwen3:8b (thinking)",
    note: "thought, then answered in prose",
    knownRefs: REFS,
    text: `<think>
I should rate each task.
</think>

Task 1 is simple (3/10). Task 2 is complex (7/10) because of security. Task 5 is the hardest (8/10).`,
    expect: { outcome: "repair-error", message: "answered in plain text instead of JSON" },
  },
  {
    id: "complexity-answer-twice-fenced-prose",
    job: "complexity",
    model: "gemma3:4b",
    note: "the analysis in a fence, a remark, and the same analysis again in a second fence",
    knownRefs: REFS,
    text: `${F}json\n${CLEAN}\n${F}\n\nFinal answer:\n\n${F}json\n${CLEAN}\n${F}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "removed text around the JSON", "dropped a repeated copy of the answer"],
    },
  },
  {
    id: "complexity-string-literal-fenced",
    job: "complexity",
    model: "mistral:7b",
    note: "the analysis as a JSON string literal in a bare fence",
    knownRefs: REFS,
    text: `${F}\n${JSON.stringify(JSON.stringify(TIDY_ANALYSIS))}\n${F}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "decoded the JSON document sent as a string"],
    },
  },
];
