// Expand answers for Tidy's task 2, "Implement email and password authentication".
import type { GeneratedSubtask } from "@/lib/ai/drafts/plan";
import type { CorpusCase } from "./types";

const F = "```";

export const AUTH_SUBTASKS: GeneratedSubtask[] = [
  {
    id: 1,
    title: "Add the User model and password hashing",
    description: "Store users with a bcrypt hash.",
    details: "Prisma User model with a unique email; hash with bcrypt cost 12.",
    testStrategy: "Unit test that hashing and verifying round-trips.",
    dependencies: [],
  },
  {
    id: 2,
    title: "Build the sign-up form and endpoint",
    description: "Create accounts from email and password.",
    details: "POST /api/auth/signup validates input and rejects duplicate emails.",
    testStrategy: "API test for success, duplicate email and a weak password.",
    dependencies: [1],
  },
  {
    id: 3,
    title: "Build sign-in with session cookies",
    description: "Log in and keep the session in an HTTP-only cookie.",
    details: "NextAuth credentials provider with a database session.",
    testStrategy: "Sign in, reload, and check the session survives.",
    dependencies: [1],
  },
  {
    id: 4,
    title: "Add password reset by email",
    description: "Let users reset a forgotten password.",
    details: "Single-use reset token valid for one hour, sent by SMTP.",
    testStrategy: "Reset flow test with a captured email.",
    dependencies: [2, 3],
  },
  {
    id: 5,
    title: "Protect app routes with middleware",
    description: "Send signed-out visitors to the sign-in page.",
    details: "Next.js middleware checks the session on /app routes.",
    testStrategy: "Request /app signed out and expect a redirect.",
    dependencies: [3],
  },
];

const TITLES = AUTH_SUBTASKS.map((s) => s.title);
const DEPS = AUTH_SUBTASKS.map((s) => s.dependencies);
const EXACT = AUTH_SUBTASKS.map(({ id, ...rest }) => ({ draftId: id, ...rest }));
const CLEAN = JSON.stringify({ subtasks: AUTH_SUBTASKS }, null, 2);

export const EXPAND_CASES: CorpusCase[] = [
  {
    id: "expand-valid",
    job: "expand",
    model: "qwen3:8b (format, think off)",
    note: "perfectly valid",
    text: CLEAN,
    expect: { outcome: "ok", count: 5, value: EXACT, warnings: [], repairs: [] },
  },
  {
    id: "expand-qwen3-think-fence",
    job: "expand",
    model: "qwen3:14b (thinking)",
    note: "<think> block, then a ```json fence",
    text: `<think>
The parent task is authentication. Subtasks: model + hashing, sign-up, sign-in, reset, route protection. Reset needs both sign-up and sign-in.
</think>

${F}json
${CLEAN}
${F}`,
    expect: {
      outcome: "ok",
      count: 5,
      value: EXACT,
      warnings: [],
      repairs: ["removed <think> block", "removed code fence"],
    },
  },
  {
    id: "expand-tasks-key",
    job: "expand",
    model: "llama3.2:3b",
    note: '"tasks" instead of "subtasks"',
    text: JSON.stringify({ tasks: AUTH_SUBTASKS }),
    expect: { outcome: "ok", count: 5, value: EXACT, warnings: ['Read the subtask list from "tasks"'], repairs: [] },
  },
  {
    id: "expand-dotted-refs",
    job: "expand",
    model: "mistral:7b",
    note: 'dependencies written as the parent\'s dotted refs "2.1"',
    text: `{"subtasks": [
  {"id": 1, "title": "User model", "description": "a", "details": "b", "testStrategy": "c", "dependencies": []},
  {"id": 2, "title": "Sign-up", "description": "a", "details": "b", "testStrategy": "c", "dependencies": ["2.1"]},
  {"id": 3, "title": "Sign-in", "description": "a", "details": "b", "testStrategy": "c", "dependencies": ["2.1", "2.2"]}
]}`,
    expect: {
      outcome: "ok",
      count: 3,
      dependencies: [[], [1], [1, 2]],
      warnings: ['Read dependency "2.1" as subtask 1 (subtasks 2, 3)', 'Read dependency "2.2" as subtask 2 (subtask 3)'],
      repairs: [],
    },
  },
  {
    id: "expand-bare-array-string-ids-later-deps",
    job: "expand",
    model: "gemma3:4b",
    note: "bare array, ids as strings, a dependency on a later subtask",
    text: `${F}json
[
  {"id": "1", "title": "User model", "description": "a", "details": "b", "testStrategy": "c", "dependencies": []},
  {"id": "2", "title": "Sign-in", "description": "a", "details": "b", "testStrategy": "c", "dependencies": ["1", "3"]},
  {"id": "3", "title": "Sessions", "description": "a", "details": "b", "testStrategy": "c", "dependencies": ["1"]}
]
${F}`,
    expect: {
      outcome: "ok",
      count: 3,
      dependencies: [[], [1], [1]],
      warnings: [
        'The answer was a bare list; read it as {"subtasks": [...]}',
        "Read subtask ids written as text as numbers",
        "Read dependencies written as text as numbers (subtasks 2, 3)",
        'Subtask 2 "Sign-in": dropped a dependency on subtask 3 "Sessions", which comes later',
      ],
      repairs: ["removed code fence"],
    },
  },
  {
    id: "expand-truncated",
    job: "expand",
    model: "llama3.2:3b (num_predict 400)",
    note: "cut off inside subtask 4",
    text: CLEAN.slice(0, CLEAN.indexOf('"Single-use reset token') + 20),
    // Subtask 4 was cut before its dependencies were written, so it reads as depending on nothing.
    expect: { outcome: "truncated", count: 4, titles: TITLES.slice(0, 4), dependencies: [...DEPS.slice(0, 3), []] },
  },
  {
    id: "expand-asks-question",
    job: "expand",
    model: "llama3.2:1b",
    note: "asks a question instead of answering",
    text: "To break this task down I need to know which authentication library you are using. Are you using NextAuth, Lucia or a custom solution?",
    expect: { outcome: "repair-error", message: "answered in plain text instead of JSON" },
  },
  {
    id: "expand-empty-list",
    job: "expand",
    model: "qwen3:0.6b",
    note: '{"subtasks": []}',
    text: '{"subtasks": []}',
    expect: { outcome: "shape-error", message: "the subtask list is empty" },
  },
  {
    id: "expand-too-many",
    job: "expand",
    model: "qwen2.5:7b",
    note: "asked for at most 4 subtasks, returned 5",
    maxItems: 4,
    text: CLEAN,
    expect: {
      outcome: "ok",
      count: 4,
      value: EXACT.slice(0, 4),
      warnings: ["Kept the first 4 subtasks and dropped 1 more"],
      repairs: [],
    },
  },
  {
    id: "expand-gemma-names-steps",
    job: "expand",
    model: "gemma3:4b",
    note: '"name", steps as a list, no testStrategy, no ids',
    text: `${F}json
{
  "subtasks": [
    {"name": "User model", "description": "Store users.", "steps": ["Add the Prisma model", "Run the migration"], "dependencies": []},
    {"name": "Sign-up", "description": "Create accounts.", "steps": ["Form", "Endpoint"], "dependencies": [1]}
  ]
}
${F}`,
    expect: {
      outcome: "ok",
      count: 2,
      value: [
        {
          draftId: 1,
          title: "User model",
          description: "Store users.",
          details: "- Add the Prisma model\n- Run the migration",
          testStrategy: "",
          dependencies: [],
        },
        {
          draftId: 2,
          title: "Sign-up",
          description: "Create accounts.",
          details: "- Form\n- Endpoint",
          testStrategy: "",
          dependencies: [1],
        },
      ],
      warnings: [
        'Used "name" as the title (subtasks 1, 2)',
        'Read "steps" as details (subtasks 1, 2)',
        "Turned a list into text for details (subtasks 1, 2)",
        "No testStrategy given (subtasks 1, 2)",
        "Subtask ids were missing; numbered the subtasks 1, 2 in order",
      ],
      repairs: ["removed code fence"],
    },
  },
  {
    id: "expand-wrapped-parent",
    job: "expand",
    model: "mistral:7b",
    note: "subtasks nested inside the parent task object",
    text: JSON.stringify({ task: { id: 2, title: "Implement email and password authentication", subtasks: AUTH_SUBTASKS.slice(0, 3) } }),
    expect: {
      outcome: "ok",
      count: 3,
      value: EXACT.slice(0, 3),
      warnings: ['Read the subtask list from "task.subtasks"'],
      repairs: [],
    },
  },
  {
    id: "expand-deepseek-unclosed-cutoff",
    job: "expand",
    model: "deepseek-r1:1.5b",
    note: "reasoning never closed and contains only a half-written sketch",
    text: `<think>
Okay, so the task is authentication. Let me think of subtasks:
{"subtasks": [{"id": 1, "title": "User model", "description": "`,
    expect: { outcome: "repair-error", message: "ran out of room while still reasoning" },
  },
  {
    id: "expand-bare-array-twice",
    job: "expand",
    model: "llama3.2:1b",
    note: "the bare subtask array written twice: [...][...]",
    text: `${JSON.stringify(AUTH_SUBTASKS)}${JSON.stringify(AUTH_SUBTASKS)}`,
    expect: {
      outcome: "ok",
      count: 5,
      value: EXACT,
      warnings: ['The answer was a bare list; read it as {"subtasks": [...]}'],
      repairs: ["dropped a repeated copy of the answer"],
    },
  },
  {
    id: "expand-string-literal",
    job: "expand",
    model: "phi3:mini",
    note: "the subtasks document as a JSON string literal with escaped newlines",
    text: JSON.stringify(CLEAN),
    expect: { outcome: "ok", count: 5, value: EXACT, warnings: [], repairs: ["decoded the JSON document sent as a string"] },
  },
];
