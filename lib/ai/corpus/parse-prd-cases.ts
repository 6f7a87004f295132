// Parse-PRD answers for a small web-app PRD ("Tidy", a shared household chores tracker),
// in the shapes local models really send back.
import type { GeneratedTask } from "@/lib/ai/drafts/plan";
import type { CorpusCase } from "./types";

const F = "```";

export const TIDY_TASKS: GeneratedTask[] = [
  {
    id: 1,
    title: "Set up Next.js project with Prisma and SQLite",
    description: "Create the app skeleton, database connection and shared tooling.",
    details:
      "Initialise a Next.js app with TypeScript, add Prisma with a SQLite datasource, configure ESLint and Prettier, and add a health check route.",
    testStrategy: "The dev server starts, `prisma migrate dev` runs cleanly and GET /api/health returns 200.",
    priority: "high",
    dependencies: [],
  },
  {
    id: 2,
    title: "Implement email and password authentication",
    description: "Let people sign up, sign in and sign out.",
    details:
      "Add a User model with a bcrypt password hash, sign-up and sign-in forms, and session cookies via the NextAuth credentials provider.",
    testStrategy: "Integration tests for sign-up, a wrong password and session expiry.",
    priority: "high",
    dependencies: [1],
  },
  {
    id: 3,
    title: "Create households and invitations",
    description: "Users create a household and invite others by email.",
    details: "Household and Membership models; invitation tokens that expire after 7 days; an accept page.",
    testStrategy: "Invite flow test: invite, accept, and reject an expired token.",
    priority: "high",
    dependencies: [2],
  },
  {
    id: 4,
    title: "Build chore management",
    description: "Create, edit, assign and complete chores within a household.",
    details: "Chore model with title, assignee, due date and status; REST routes; list and edit UI.",
    testStrategy: "API tests for each route and a UI test that completes a chore.",
    priority: "high",
    dependencies: [3],
  },
  {
    id: 5,
    title: "Support recurring chore schedules",
    description: "Chores can repeat daily, weekly or monthly.",
    details: "Store an RRULE-like recurrence and generate the next occurrence when a chore is completed.",
    testStrategy: "Unit tests for the next-occurrence calculation across month ends and DST changes.",
    priority: "medium",
    dependencies: [4],
  },
  {
    id: 6,
    title: "Send email reminders for due chores",
    description: "Email assignees on the morning a chore is due.",
    details: "A daily job finds chores due today and sends one digest per user over SMTP.",
    testStrategy: "Job test with a fake clock and a captured SMTP transport.",
    priority: "medium",
    dependencies: [5],
  },
  {
    id: 7,
    title: "Build the household dashboard",
    description: "Show today's chores, overdue chores and who is doing what.",
    details: "Server-rendered dashboard page with per-member counts and an overdue list.",
    testStrategy: "Snapshot test of the dashboard with seeded data.",
    priority: "medium",
    dependencies: [4, 5],
  },
  {
    id: 8,
    title: "Add end-to-end tests and deployment",
    description: "Cover the main flows end to end and ship a Docker image.",
    details: "Playwright tests for sign-up, invites and completing a chore; a Dockerfile and compose file.",
    testStrategy: "CI runs the Playwright suite against the built image.",
    priority: "low",
    dependencies: [6, 7],
  },
];

const TITLES = TIDY_TASKS.map((t) => t.title);
const DEPS = TIDY_TASKS.map((t) => t.dependencies);
const PRIORITIES = TIDY_TASKS.map((t) => t.priority);
const EXACT = TIDY_TASKS.map(({ id, ...rest }) => ({ draftId: id, ...rest }));

// What a grammar-constrained answer looks like: Ollama returns the object pretty-printed.
const CLEAN = JSON.stringify({ tasks: TIDY_TASKS }, null, 2);
// What Ollama's compact mode and some runners return.
const COMPACT = JSON.stringify({ tasks: TIDY_TASKS });

const cutAt = (text: string, marker: string) => {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`corpus: marker ${JSON.stringify(marker)} not found`);
  return text.slice(0, at + marker.length);
};

export const PARSE_PRD_CASES: CorpusCase[] = [
  {
    id: "prd-valid-pretty",
    job: "parse-prd",
    model: "qwen3:8b (format, think off)",
    note: "perfectly valid, pretty-printed",
    text: CLEAN,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: [] },
  },
  {
    id: "prd-valid-compact",
    job: "parse-prd",
    model: "llama3.1:8b (format)",
    note: "perfectly valid, one line, trailing newline",
    text: `${COMPACT}\n`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: [] },
  },
  {
    id: "prd-qwen3-think-closed",
    job: "parse-prd",
    model: "qwen3:14b (thinking)",
    note: "closed <think> block before valid JSON",
    text: `<think>
Okay, the user wants a task list for Tidy, a chores tracker. Let me start with the foundation: project setup with Next.js and Prisma. Then auth, since households need users. Households and invitations depend on auth. Chores need households. Recurring schedules build on chores, reminders on schedules. The dashboard needs chores and schedules. Finally e2e tests and deployment once everything is in.

Priorities: setup, auth, households and chores are high. Schedules, reminders and dashboard medium. Deployment low since it's last.
</think>

${CLEAN}`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["removed <think> block"] },
  },
  {
    id: "prd-deepseek-think-fence-prose",
    job: "parse-prd",
    model: "deepseek-r1:8b",
    note: "<think> with a JSON sketch inside, then prose, a ```json fence and a closing remark",
    text: `<think>
Alright, I need to produce tasks like {"id": 1, "title": "..."} for this PRD. The app is a chores tracker. Let me list them in dependency order... setup, auth, households, chores, recurrence, reminders, dashboard, tests.
Wait, should reminders depend on recurrence? Yes, reminders need due dates that recurrence generates.
</think>

Here is the development plan for Tidy broken into tasks:

${F}json
${CLEAN}
${F}

This plan starts with the project foundation and builds up to reminders and deployment. Let me know if you'd like me to adjust priorities!`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed <think> block", "removed code fence", "removed text around the JSON"],
    },
  },
  {
    id: "prd-deepseek-orphan-close",
    job: "parse-prd",
    model: "deepseek-r1:7b (template opens <think>)",
    note: "reasoning with only a closing </think>",
    text: `Okay, so I need to split this PRD into tasks. The first step is always the setup of the repository and database. Then authentication...
I think eight tasks is right.
</think>

${COMPACT}`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["removed reasoning before </think>"] },
  },
  {
    id: "prd-qwen3-think-unclosed-no-answer",
    job: "parse-prd",
    model: "qwen3:4b (thinking, num_predict 1024)",
    note: "token limit hit while still thinking",
    text: `<think>
Okay, let's see. The user provided a PRD for Tidy, a household chores tracker. I need to generate tasks. First, the project setup. Wait, should I use Next.js? The PRD says web app, so yes. Then authentication — email and password. Hmm, the PRD also mentions invitations, so households need to come after auth. Let me think about the dependencies again. Task 1: setup. Task 2: auth, depends on 1. Task 3: households, depends on 2. Task 4: chores, depends on 3. Wait, maybe recurring chores should be part of task 4? No, the PRD lists them separately, so I'll keep them apart. Then reminders. The reminders need an email provider, so maybe a separate task for SMTP config? Hmm, that might be too granular. Let me`,
    expect: { outcome: "repair-error", message: "ran out of room while still reasoning" },
  },
  {
    id: "prd-qwen3-think-unclosed-with-answer",
    job: "parse-prd",
    model: "qwen3:1.7b (thinking)",
    note: "never closed <think> but wrote the full answer inside it",
    text: `<think>
The user wants tasks in JSON. Let me write them.

{
  "tasks": [
    {"id": 1, "title": "Set up project", "description": "Next.js, Prisma and SQLite.", "details": "Scaffold the app.", "testStrategy": "App boots.", "priority": "high", "dependencies": []},
    {"id": 2, "title": "Add authentication", "description": "Email and password sign-in.", "details": "NextAuth credentials.", "testStrategy": "Sign-in test.", "priority": "high", "dependencies": [1]},
    {"id": 3, "title": "Chore list", "description": "CRUD for chores.", "details": "API and UI.", "testStrategy": "API tests.", "priority": "medium", "dependencies": [2]}
  ]
}`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up project", "Add authentication", "Chore list"],
      dependencies: [[], [1], [2]],
      priorities: ["high", "high", "medium"],
      warnings: [],
      repairs: ["removed unclosed <think> block", "took the JSON from inside the unclosed <think> block", "removed text around the JSON"],
    },
  },
  {
    id: "prd-llama-bare-fence-trailing-commas",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "prose, bare ``` fence, trailing commas, capitalised priorities",
    text: `Here is the JSON output for the tasks:

${F}
{
  "tasks": [
    {
      "id": 1,
      "title": "Set up Next.js project",
      "description": "Create the base application.",
      "details": "Use create-next-app with TypeScript and add Prisma.",
      "testStrategy": "Run the dev server.",
      "priority": "High",
      "dependencies": [],
    },
    {
      "id": 2,
      "title": "User authentication",
      "description": "Sign up and log in with email and password.",
      "details": "Use NextAuth with a credentials provider.",
      "testStrategy": "Test login with valid and invalid passwords.",
      "priority": "High",
      "dependencies": [1,],
    },
    {
      "id": 3,
      "title": "Chore CRUD",
      "description": "Create and edit chores.",
      "details": "API routes and forms.",
      "testStrategy": "API tests.",
      "priority": "Medium",
      "dependencies": [2],
    },
  ]
}
${F}

Let me know if you need any changes!`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up Next.js project", "User authentication", "Chore CRUD"],
      dependencies: [[], [1], [2]],
      priorities: ["high", "high", "medium"],
      warnings: [],
      repairs: ["removed code fence", "removed text around the JSON", "repaired JSON syntax"],
    },
  },
  {
    id: "prd-llama-string-numbers",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "ids and dependencies as strings, a comma-separated dependency string",
    text: `{"tasks": [
{"id": "1", "title": "Project setup", "description": "Next.js and SQLite.", "details": "Scaffold.", "testStrategy": "Boots.", "priority": "high", "dependencies": []},
{"id": "2", "title": "Authentication", "description": "Email login.", "details": "NextAuth.", "testStrategy": "Login test.", "priority": "high", "dependencies": ["1"]},
{"id": "3", "title": "Households", "description": "Create and invite.", "details": "Invite tokens.", "testStrategy": "Invite test.", "priority": "high", "dependencies": ["2"]},
{"id": "4", "title": "Chores", "description": "Chore CRUD.", "details": "Routes and UI.", "testStrategy": "API tests.", "priority": "medium", "dependencies": "2, 3"}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      titles: ["Project setup", "Authentication", "Households", "Chores"],
      dependencies: [[], [1], [2], [2, 3]],
      warnings: ["Read task ids written as text as numbers", "Read dependencies written as text as numbers (tasks 2-4)"],
      repairs: [],
    },
  },
  {
    id: "prd-mistral-python-dict",
    job: "parse-prd",
    model: "mistral:7b",
    note: "single quotes, apostrophes inside, Python True/None",
    text: `{'tasks': [{'id': 1, 'title': 'Set up the project', 'description': 'Scaffold Next.js with Prisma.', 'details': 'Don't forget the .env example.', 'testStrategy': 'It builds.', 'priority': 'high', 'dependencies': [], 'optional': False}, {'id': 2, 'title': 'Authentication', 'description': 'Email and password.', 'details': None, 'testStrategy': 'Log in and out.', 'priority': 'high', 'dependencies': [1], 'optional': False}, {'id': 3, 'title': 'Household invitations', 'description': 'Invite members by email.', 'details': 'Tokens expire after a week.', 'testStrategy': 'Accept an invite.', 'priority': 'medium', 'dependencies': [2], 'optional': True}]}`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up the project", "Authentication", "Household invitations"],
      dependencies: [[], [1], [2]],
      warnings: ["No details given (task 2)"],
      repairs: ["repaired JSON syntax"],
    },
  },
  {
    id: "prd-gemma-comments",
    job: "parse-prd",
    model: "gemma3:4b",
    note: "```json fence with // and /* */ comments and a note after",
    text: `${F}json
{
  "tasks": [
    // Foundation first
    {
      "id": 1,
      "title": "Set up Next.js and Prisma",
      "description": "Project skeleton with a SQLite database.",
      "details": "See https://nextjs.org/docs for the app router setup.",
      "testStrategy": "Build succeeds.",
      "priority": "high",
      "dependencies": []
    },
    /* Auth is needed before households */
    {
      "id": 2,
      "title": "Email and password sign-in",
      "description": "Accounts and sessions.",
      "details": "Hash passwords with bcrypt.",
      "testStrategy": "Sign-in tests.",
      "priority": "high",
      "dependencies": [1] // needs the database
    },
    {
      "id": 3,
      "title": "Chore board",
      "description": "List, create and complete chores.",
      "details": "Kanban-style columns for {todo, doing, done}.",
      "testStrategy": "UI test that completes a chore.",
      "priority": "medium",
      "dependencies": [2]
    }
  ]
}
${F}

**Note:** Task 3 could be split further if needed.`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up Next.js and Prisma", "Email and password sign-in", "Chore board"],
      dependencies: [[], [1], [2]],
      warnings: [],
      repairs: ["removed code fence", "removed text around the JSON", "repaired JSON syntax"],
    },
  },
  {
    id: "prd-truncated-mid-string",
    job: "parse-prd",
    model: "llama3.1:8b (num_predict 600)",
    note: "cut off in the middle of task 6's description",
    text: cutAt(CLEAN, '"description": "Email assignees on the mor'),
    expect: { outcome: "truncated", count: 6, titles: TITLES.slice(0, 6) },
  },
  {
    id: "prd-truncated-between-tasks",
    job: "parse-prd",
    model: "mistral:7b (num_predict 512)",
    note: "cut off right after task 5 closed",
    text: cutAt(COMPACT, '"dependencies":[4]},'),
    expect: { outcome: "truncated", count: 5, titles: TITLES.slice(0, 5), dependencies: DEPS.slice(0, 5) },
  },
  {
    id: "prd-truncated-mid-key",
    job: "parse-prd",
    model: "qwen3:0.6b",
    note: "cut off inside a key of task 3, before its title",
    text: cutAt(CLEAN, '"id": 3,\n      "ti'),
    expect: { outcome: "truncated", count: 2, titles: TITLES.slice(0, 2) },
  },
  {
    id: "prd-truncated-in-dependencies",
    job: "parse-prd",
    model: "gemma3:1b",
    note: "cut off inside the dependency list of task 7, inside a fence",
    text: `${F}json\n${cutAt(CLEAN, '"dependencies": [\n        4,')}`,
    expect: { outcome: "truncated", count: 7, titles: TITLES.slice(0, 7) },
  },
  {
    id: "prd-truncated-after-think",
    job: "parse-prd",
    model: "deepseek-r1:14b",
    note: "thought, then ran out early in the answer",
    text: `<think>
Let me plan this. Setup, then auth, then households.
</think>

${cutAt(CLEAN, '"title": "Implement email and password authentication",')}`,
    expect: { outcome: "truncated", count: 2 },
  },
  {
    id: "prd-wrong-field-names",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "name/desc/test_strategy/depends_on instead of the schema's names",
    text: `{
  "tasks": [
    {"id": 1, "name": "Set up the repository", "desc": "Next.js, Prisma, SQLite.", "implementation": "Run create-next-app.", "test_strategy": "Boots locally.", "priority": "high", "depends_on": []},
    {"id": 2, "name": "Authentication", "desc": "Email and password.", "implementation": "NextAuth credentials.", "test_strategy": "Sign-in tests.", "priority": "high", "depends_on": [1]},
    {"id": 3, "task": "Recurring chores", "summary": "Daily, weekly, monthly repeats.", "implementation": "RRULE strings.", "test_strategy": "Unit tests for recurrence.", "priority": "medium", "depends_on": [2]}
  ]
}`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up the repository", "Authentication", "Recurring chores"],
      dependencies: [[], [1], [2]],
      value: [
        {
          draftId: 1,
          title: "Set up the repository",
          description: "Next.js, Prisma, SQLite.",
          details: "Run create-next-app.",
          testStrategy: "Boots locally.",
          priority: "high",
          dependencies: [],
        },
        {
          draftId: 2,
          title: "Authentication",
          description: "Email and password.",
          details: "NextAuth credentials.",
          testStrategy: "Sign-in tests.",
          priority: "high",
          dependencies: [1],
        },
        {
          draftId: 3,
          title: "Recurring chores",
          description: "Daily, weekly, monthly repeats.",
          details: "RRULE strings.",
          testStrategy: "Unit tests for recurrence.",
          priority: "medium",
          dependencies: [2],
        },
      ],
      warnings: [
        'Used "name" as the title (tasks 1, 2)',
        'Read "depends_on" as dependencies (tasks 1-3)',
        'Read "desc" as description (tasks 1, 2)',
        'Read "implementation" as details (tasks 1-3)',
        'Read "test_strategy" as testStrategy (tasks 1-3)',
        'Used "task" as the title (task 3)',
        'Read "summary" as description (task 3)',
      ],
    },
  },
  {
    id: "prd-missing-fields",
    job: "parse-prd",
    model: "phi3:mini",
    note: "only id, title and description; no priority, details, tests or dependencies",
    text: `{"tasks": [{"id": 1, "title": "Project setup", "description": "Next.js app with a database."}, {"id": 2, "title": "Login", "description": "Email and password."}, {"id": 3, "title": "Chores", "description": "Create and complete chores."}]}`,
    expect: {
      outcome: "ok",
      count: 3,
      dependencies: [[], [], []],
      priorities: ["medium", "medium", "medium"],
      warnings: ["No details given (tasks 1-3)", "No testStrategy given (tasks 1-3)", "No priority given; used medium (tasks 1-3)"],
      repairs: [],
    },
  },
  {
    id: "prd-extra-tasks",
    job: "parse-prd",
    model: "qwen2.5:7b",
    note: "asked for at most 8 tasks, returned 11",
    maxItems: 8,
    text: JSON.stringify({
      tasks: [
        ...TIDY_TASKS,
        { ...TIDY_TASKS[7]!, id: 9, title: "Write user documentation", dependencies: [8] },
        { ...TIDY_TASKS[7]!, id: 10, title: "Add analytics", dependencies: [9] },
        { ...TIDY_TASKS[7]!, id: 11, title: "Launch marketing site", dependencies: [10] },
      ],
    }),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: ["Kept the first 8 tasks and dropped 3 more"], repairs: [] },
  },
  {
    id: "prd-bad-dependencies",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "dependencies on itself, on later tasks, on unknown ids, and repeated",
    text: `{"tasks": [
  {"id": 1, "title": "Project setup", "description": "Scaffold.", "details": "", "testStrategy": "Boots.", "priority": "high", "dependencies": [2]},
  {"id": 2, "title": "Authentication", "description": "Login.", "details": "", "testStrategy": "Tests.", "priority": "high", "dependencies": [1, 2, 1]},
  {"id": 3, "title": "Households", "description": "Invites.", "details": "", "testStrategy": "Tests.", "priority": "medium", "dependencies": [2, 4, 12]},
  {"id": 4, "title": "Chores", "description": "CRUD.", "details": "", "testStrategy": "Tests.", "priority": "medium", "dependencies": [3, 0]}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      dependencies: [[], [1], [2], [3]],
      warnings: [
        'Task 1 "Project setup": dropped a dependency on task 2 "Authentication", which comes later',
        'Task 2 "Authentication": dropped a dependency on itself',
        'Task 3 "Households": dropped a dependency on task 4 "Chores", which comes later',
        'Task 3 "Households": dropped a dependency on unknown task 12',
        'Task 4 "Chores": dropped a dependency on unknown task 0',
      ],
      repairs: [],
    },
  },
  {
    id: "prd-priority-words",
    job: "parse-prd",
    model: "mistral-nemo:12b",
    note: "priorities as urgent/P1/normal/minor/Highest/2/whenever",
    text: `{"tasks": [
  {"id": 1, "title": "Setup", "description": "a", "details": "b", "testStrategy": "c", "priority": "urgent", "dependencies": []},
  {"id": 2, "title": "Auth", "description": "a", "details": "b", "testStrategy": "c", "priority": "P1", "dependencies": [1]},
  {"id": 3, "title": "Households", "description": "a", "details": "b", "testStrategy": "c", "priority": "normal", "dependencies": [2]},
  {"id": 4, "title": "Chores", "description": "a", "details": "b", "testStrategy": "c", "priority": "Highest", "dependencies": [3]},
  {"id": 5, "title": "Dashboard", "description": "a", "details": "b", "testStrategy": "c", "priority": 2, "dependencies": [4]},
  {"id": 6, "title": "Reminders", "description": "a", "details": "b", "testStrategy": "c", "priority": "minor", "dependencies": [4]},
  {"id": 7, "title": "Dark mode", "description": "a", "details": "b", "testStrategy": "c", "priority": "whenever", "dependencies": [5]},
  {"id": 8, "title": "Deploy", "description": "a", "details": "b", "testStrategy": "c", "priority": "CRITICAL", "dependencies": [7]}
]}`,
    expect: {
      outcome: "ok",
      count: 8,
      priorities: ["critical", "high", "medium", "critical", "medium", "low", "medium", "critical"],
      warnings: [
        'Read priority "urgent" as critical (task 1)',
        'Read priority "P1" as high (task 2)',
        'Read priority "normal" as medium (task 3)',
        'Read priority "Highest" as critical (task 4)',
        "Read priority 2 as medium (task 5)",
        'Read priority "minor" as low (task 6)',
        'Unknown priority "whenever"; used medium (task 7)',
      ],
      repairs: [],
    },
  },
  {
    id: "prd-bare-array",
    job: "parse-prd",
    model: "gemma3:4b",
    note: "a bare array in a fence instead of {tasks: [...]}",
    text: `${F}json
${JSON.stringify(TIDY_TASKS.slice(0, 4), null, 2)}
${F}`,
    expect: {
      outcome: "ok",
      count: 4,
      value: EXACT.slice(0, 4),
      warnings: ['The answer was a bare list; read it as {"tasks": [...]}'],
      repairs: ["removed code fence"],
    },
  },
  {
    id: "prd-wrapped-result",
    job: "parse-prd",
    model: "mistral:7b",
    note: 'object wrapped once: {"result": {"tasks": [...]}}',
    text: JSON.stringify({ result: { project: "Tidy", tasks: TIDY_TASKS } }, null, 2),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: ['Read the task list from "result.tasks"'], repairs: [] },
  },
  {
    id: "prd-wrapped-plan-array",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: '{"plan": [...]} instead of {"tasks": [...]}',
    text: JSON.stringify({ projectName: "Tidy", plan: TIDY_TASKS }),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: ['Read the task list from "plan"'], repairs: [] },
  },
  {
    id: "prd-ids-missing",
    job: "parse-prd",
    model: "gemma2:2b",
    note: "no ids at all; dependencies refer to list positions",
    text: `{"tasks": [
  {"title": "Set up project", "description": "Scaffold.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": []},
  {"title": "Authentication", "description": "Login.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": [1]},
  {"title": "Households", "description": "Invites.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [2]},
  {"title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [1, 3]}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      dependencies: [[], [1], [2], [1, 3]],
      warnings: ["Task ids were missing; numbered the tasks 1-4 in order"],
      repairs: [],
    },
  },
  {
    id: "prd-duplicate-ids",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "two tasks share id 2; a dependency on 2 is ambiguous",
    text: `{"tasks": [
  {"id": 1, "title": "Set up project", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": []},
  {"id": 2, "title": "Authentication", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": [1]},
  {"id": 2, "title": "Households", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": [1]},
  {"id": 3, "title": "Chores", "description": "a", "details": "b", "testStrategy": "c", "priority": "medium", "dependencies": [2]},
  {"id": 4, "title": "Dashboard", "description": "a", "details": "b", "testStrategy": "c", "priority": "medium", "dependencies": [3]}
]}`,
    expect: {
      outcome: "ok",
      count: 5,
      dependencies: [[], [1], [1], [], [4]],
      warnings: [
        "Task id 2 was used more than once; renumbered the tasks 1-5 in order",
        'Task 4 "Chores": dropped a dependency on task id 2, which more than one task used',
      ],
      repairs: [],
    },
  },
  {
    id: "prd-slug-ids",
    job: "parse-prd",
    model: "mistral:7b",
    note: "ids are slugs and dependencies name them",
    text: `{"tasks": [
  {"id": "setup", "title": "Set up project", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": []},
  {"id": "auth", "title": "Authentication", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": ["setup"]},
  {"id": "chores", "title": "Chores", "description": "a", "details": "b", "testStrategy": "c", "priority": "medium", "dependencies": ["auth", "setup"]},
  {"id": "reminders", "title": "Reminders", "description": "a", "details": "b", "testStrategy": "c", "priority": "low", "dependencies": ["chores", "email-provider"]}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      dependencies: [[], [1], [1, 2], [3]],
      warnings: [
        "Some task ids were missing or not numbers; renumbered the tasks 1-4 in order",
        'Task 4 "Reminders": dropped a dependency on unknown task "email-provider"',
      ],
      repairs: [],
    },
  },
  {
    id: "prd-dependency-ref-styles",
    job: "parse-prd",
    model: "qwen2.5-coder:7b",
    note: 'dependencies written as "#1", "task 2", "Task 3" and a title',
    text: `{"tasks": [
  {"id": 1, "title": "Set up project", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": []},
  {"id": 2, "title": "Authentication", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": ["#1"]},
  {"id": 3, "title": "Households", "description": "a", "details": "b", "testStrategy": "c", "priority": "high", "dependencies": ["task 2"]},
  {"id": 4, "title": "Chores", "description": "a", "details": "b", "testStrategy": "c", "priority": "medium", "dependencies": ["Task 3", "Set up project"]}
]}`,
    expect: {
      outcome: "ok",
      count: 4,
      dependencies: [[], [1], [2], [1, 3]],
      warnings: [
        'Read dependencies written like "#3" or "task 3" as task numbers (tasks 2-4)',
        "Matched a dependency by task title (task 4)",
      ],
      repairs: [],
    },
  },
  {
    id: "prd-refusal",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: "plain-text refusal",
    text: "I'm sorry, but I can't help with creating a project plan without more details about your requirements. Could you share the full PRD?",
    expect: { outcome: "repair-error", message: "answered in plain text instead of JSON" },
  },
  {
    id: "prd-empty",
    job: "parse-prd",
    model: "any (connection dropped)",
    note: "empty answer",
    text: "",
    expect: { outcome: "repair-error", message: "empty answer" },
  },
  {
    id: "prd-empty-object",
    job: "parse-prd",
    model: "gemma3:270m",
    note: "{} — the grammar allowed it, the model took it",
    text: "{}",
    expect: { outcome: "shape-error", message: "the answer is an empty object" },
  },
  {
    id: "prd-empty-task-list",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: '{"tasks": []}',
    text: '{"tasks": []}',
    expect: { outcome: "shape-error", message: "the task list is empty" },
  },
  {
    id: "prd-all-titles-empty",
    job: "parse-prd",
    model: "qwen3:0.6b",
    note: "tasks present but every title empty",
    text: `{"tasks": [{"id": 1, "title": "", "description": "Set up the project"}, {"id": 2, "title": "   ", "description": "Auth"}]}`,
    expect: { outcome: "shape-error", message: "task 1 has no title; task 2 has no title" },
  },
  {
    id: "prd-schema-echo",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: "echoed the JSON schema instead of answering",
    text: `{"type": "object", "properties": {"tasks": {"type": "array", "items": {"type": "object"}}}, "required": ["tasks"]}`,
    expect: { outcome: "shape-error", message: 'expected {"tasks": [...]}' },
  },
  {
    id: "prd-two-fences-example-then-plan",
    job: "parse-prd",
    model: "gemma3:12b",
    note: "a one-task example fence, then the real plan in a second fence",
    text: `Each task follows this format:

${F}json
{"id": 1, "title": "Example task", "description": "...", "details": "...", "testStrategy": "...", "priority": "medium", "dependencies": []}
${F}

Here is the complete plan:

${F}json
${CLEAN}
${F}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "removed text around the JSON", "picked the largest of 2 JSON values"],
    },
  },
  {
    id: "prd-plan-then-truncated-revision",
    job: "parse-prd",
    model: "mistral:7b",
    note: "a complete plan, then a 'revised' copy cut off by the token limit",
    text: `${F}json
${CLEAN}
${F}

Actually, here is a revised version with clearer priorities:

${F}json
${cutAt(CLEAN, '"title": "Create households and invitations",')}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "removed text around the JSON", "picked the largest of 2 JSON values"],
    },
  },
  {
    id: "prd-repetition-loop",
    job: "parse-prd",
    model: "llama3.2:1b (temperature 0)",
    note: "repeats the last task until the limit, then gets cut off",
    text: `{"tasks": [
{"id": 1, "title": "Set up project", "description": "Scaffold.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": []},
{"id": 2, "title": "Authentication", "description": "Login.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": [1]},
{"id": 3, "title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [2]},
{"id": 4, "title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [3]},
{"id": 5, "title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [4]},
{"id": 6, "title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [5]},
{"id": 7, "title": "Chores", "description": "CR`,
    // The cut-off copy differs from the others ("CR"), so it survives as a fourth, half-written task:
    // one more reason a truncated answer is never used as complete.
    expect: {
      outcome: "truncated",
      count: 4,
      titles: ["Set up project", "Authentication", "Chores", "Chores"],
      warnings: [
        "No details given (task 7)",
        "No testStrategy given (task 7)",
        "No priority given; used medium (task 7)",
        'Dropped a repeat of task 3 "Chores" (tasks 4-6)',
        "Renumbered the tasks 1-4 in order; dependencies follow the new numbers",
      ],
    },
  },
  {
    id: "prd-repeats-complete",
    job: "parse-prd",
    model: "qwen2.5:3b",
    note: "the same task twice in a complete answer; a dependency on the repeat",
    text: `{"tasks": [
{"id": 1, "title": "Set up project", "description": "Scaffold.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": []},
{"id": 2, "title": "Authentication", "description": "Login.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": [1]},
{"id": 3, "title": "Authentication", "description": "Login.", "details": "x", "testStrategy": "y", "priority": "high", "dependencies": [1]},
{"id": 4, "title": "Chores", "description": "CRUD.", "details": "x", "testStrategy": "y", "priority": "medium", "dependencies": [3]}
]}`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up project", "Authentication", "Chores"],
      dependencies: [[], [1], [2]],
      warnings: [
        'Dropped a repeat of task 2 "Authentication" (task 3)',
        "Renumbered the tasks 1-3 in order; dependencies follow the new numbers",
      ],
      repairs: [],
    },
  },
  {
    id: "prd-title-prefix-long-title-step-list",
    job: "parse-prd",
    model: "llama3.1:8b",
    note: '"Task 1:" title prefixes, a 400-character title, details as a list of steps',
    text: JSON.stringify({
      tasks: [
        {
          id: 1,
          title: "Task 1: Set up project",
          description: "Scaffold.",
          details: ["Run create-next-app", "Add Prisma", "Add a health route"],
          testStrategy: "Boots.",
          priority: "high",
          dependencies: [],
        },
        {
          id: 2,
          title: `Task 2: ${"Implement authentication with email, password, sessions, password reset and rate limiting ".repeat(5)}`,
          description: "Login.",
          details: "NextAuth.",
          testStrategy: "Tests.",
          priority: "high",
          dependencies: [1],
        },
      ],
    }),
    expect: {
      outcome: "ok",
      count: 2,
      warnings: [
        'Removed a "Task N:" prefix from the title (tasks 1, 2)',
        "Turned a list into text for details (task 1)",
        "Cut the title to 300 characters (task 2)",
      ],
      repairs: [],
    },
  },
  {
    id: "prd-keyed-object",
    job: "parse-prd",
    model: "phi3:mini",
    note: "tasks as an object keyed by id",
    text: JSON.stringify({
      tasks: Object.fromEntries(TIDY_TASKS.slice(0, 3).map(({ id, ...rest }) => [String(id), rest])),
    }),
    expect: {
      outcome: "ok",
      count: 3,
      value: EXACT.slice(0, 3),
      warnings: ['Read the task list from "tasks", which was an object keyed by id'],
      repairs: [],
    },
  },
  {
    id: "prd-one-object-per-line",
    job: "parse-prd",
    model: "llama3.2:3b",
    note: "one task object per line with no surrounding array",
    text: TIDY_TASKS.slice(0, 4)
      .map((t) => JSON.stringify(t))
      .join("\n"),
    expect: {
      outcome: "ok",
      count: 4,
      value: EXACT.slice(0, 4),
      warnings: ['The answer was a bare list; read it as {"tasks": [...]}'],
      repairs: ["joined 4 separate JSON objects into a list"],
    },
  },
  {
    id: "prd-double-encoded",
    job: "parse-prd",
    model: "mistral:7b",
    note: "the task list as a JSON string inside the object",
    text: JSON.stringify({ tasks: JSON.stringify(TIDY_TASKS.slice(0, 2)) }),
    expect: {
      outcome: "ok",
      count: 2,
      value: EXACT.slice(0, 2),
      warnings: ['Read the task list from "tasks", which was a JSON string'],
      repairs: [],
    },
  },
  {
    id: "prd-prose-with-braces",
    job: "parse-prd",
    model: "gemma3:4b",
    note: "prose with stray brackets and braces around the JSON",
    text: `Sure! Based on the PRD [v1.2], here's the plan. I used {placeholders} where details were unclear.

${COMPACT}

Notes: tasks [6] and [7] can run in parallel.`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed text around the JSON", "picked the largest of 4 JSON values"],
    },
  },
  {
    id: "prd-think-tags-in-content",
    job: "parse-prd",
    model: "qwen3:8b (thinking)",
    note: "real <think> block, then a task whose text mentions <think> tags",
    text: `<think>
The PRD's stretch goal is AI chore suggestions from a local model. That needs the chore list first.
</think>

{"tasks": [
  {"id": 1, "title": "Build chore management", "description": "Chore CRUD.", "details": "Routes and UI.", "testStrategy": "API tests.", "priority": "high", "dependencies": []},
  {"id": 2, "title": "Suggest chores with a local model", "description": "Ask Ollama for chore ideas.", "details": "Strip the <think>...</think> block from the reply before parsing, and ignore a stray </think> too.", "testStrategy": "Feed a reply with a <think> block and check only the JSON is used.", "priority": "low", "dependencies": [1]}
]}`,
    expect: {
      outcome: "ok",
      count: 2,
      value: [
        {
          draftId: 1,
          title: "Build chore management",
          description: "Chore CRUD.",
          details: "Routes and UI.",
          testStrategy: "API tests.",
          priority: "high",
          dependencies: [],
        },
        {
          draftId: 2,
          title: "Suggest chores with a local model",
          description: "Ask Ollama for chore ideas.",
          details: "Strip the <think>...</think> block from the reply before parsing, and ignore a stray </think> too.",
          testStrategy: "Feed a reply with a <think> block and check only the JSON is used.",
          priority: "low",
          dependencies: [1],
        },
      ],
      warnings: [],
      repairs: ["removed <think> block"],
    },
  },
  {
    id: "prd-plain-text-tasks",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: "tasks as a list of strings",
    text: `{"tasks": ["Set up the project", "Add authentication", "Build chore tracking"]}`,
    expect: {
      outcome: "ok",
      count: 3,
      titles: ["Set up the project", "Add authentication", "Build chore tracking"],
      dependencies: [[], [], []],
      warnings: [
        "Read a plain-text entry as a task title (tasks 1-3)",
        "No description given (tasks 1-3)",
        "No details given (tasks 1-3)",
        "No testStrategy given (tasks 1-3)",
        "No priority given; used medium (tasks 1-3)",
        "Task ids were missing; numbered the tasks 1-3 in order",
      ],
      repairs: [],
    },
  },
  // The whole answer twice: small models at temperature 0, and runners that replay the last message.
  {
    id: "prd-answer-twice-adjacent",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: "the whole answer twice, back to back on one line",
    text: `${COMPACT}${COMPACT}`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["dropped a repeated copy of the answer"] },
  },
  {
    id: "prd-answer-twice-blank-line",
    job: "parse-prd",
    model: "qwen2.5:3b",
    note: "the pretty-printed answer, a blank line, then the same answer again",
    text: `${CLEAN}\n\n${CLEAN}\n`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["dropped a repeated copy of the answer"] },
  },
  {
    id: "prd-answer-twice-text-between",
    job: "parse-prd",
    model: "gemma3:4b",
    note: "the answer, a remark, then the answer again",
    text: `${COMPACT}\n\nHere is the same plan as JSON again so it is easy to copy:\n\n${CLEAN}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed text around the JSON", "dropped a repeated copy of the answer"],
    },
  },
  {
    id: "prd-answer-twice-two-fences",
    job: "parse-prd",
    model: "mistral:7b",
    note: "two identical ```json fences",
    text: `${F}json\n${CLEAN}\n${F}\n${F}json\n${CLEAN}\n${F}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "dropped a repeated copy of the answer"],
    },
  },
  {
    id: "prd-answer-three-times",
    job: "parse-prd",
    model: "llama3.2:1b (temperature 0)",
    note: "the answer three times, separated by newlines",
    text: [COMPACT, COMPACT, COMPACT].join("\n"),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["dropped 2 repeated copies of the answer"] },
  },
  {
    id: "prd-answer-twice-second-cut",
    job: "parse-prd",
    model: "qwen2.5:1.5b",
    note: "the answer, then a second copy cut off by the token limit",
    text: `${COMPACT}\n${cutAt(COMPACT, '"title":"Build chore management"')}`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["dropped a repeated copy of the answer"] },
  },
  // The whole answer as one JSON string literal: runners and wrappers that JSON-encode the text.
  {
    id: "prd-string-literal",
    job: "parse-prd",
    model: "llama3.1:8b (through a proxy)",
    note: 'the JSON document as one JSON string: "{\\"tasks\\": …}"',
    text: JSON.stringify(COMPACT),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["decoded the JSON document sent as a string"] },
  },
  {
    id: "prd-string-literal-escaped-newlines",
    job: "parse-prd",
    model: "phi3:mini",
    note: "the pretty-printed document as a string, with \\n escapes",
    text: JSON.stringify(CLEAN),
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["decoded the JSON document sent as a string"] },
  },
  {
    id: "prd-string-literal-fenced",
    job: "parse-prd",
    model: "gemma3:4b",
    note: "the string literal inside a ```json fence",
    text: `${F}json\n${JSON.stringify(CLEAN)}\n${F}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed code fence", "decoded the JSON document sent as a string"],
    },
  },
  {
    id: "prd-string-literal-prose",
    job: "parse-prd",
    model: "mistral:7b",
    note: "a sentence, then the document as a string literal",
    text: `Here is the JSON you asked for: ${JSON.stringify(COMPACT)}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed text around the JSON", "decoded the JSON document sent as a string"],
    },
  },
  {
    id: "prd-string-literal-raw-newlines",
    job: "parse-prd",
    model: "qwen2.5:3b",
    note: "a string literal with escaped quotes but real line breaks (not valid JSON)",
    text: `"${CLEAN.replace(/"/g, '\\"')}"`,
    expect: { outcome: "ok", count: 8, value: EXACT, warnings: [], repairs: ["decoded the JSON document sent as a string"] },
  },
  {
    id: "prd-string-literal-after-think",
    job: "parse-prd",
    model: "qwen3:4b (thinking)",
    note: "a closed <think> block, then the document as a string literal",
    text: `<think>\nThe user wants JSON. I'll return it.\n</think>\n\n${JSON.stringify(COMPACT)}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["removed <think> block", "decoded the JSON document sent as a string"],
    },
  },
  {
    id: "prd-string-literal-twice",
    job: "parse-prd",
    model: "llama3.2:1b",
    note: "the document as a string literal, twice",
    text: `${JSON.stringify(COMPACT)}\n${JSON.stringify(COMPACT)}`,
    expect: {
      outcome: "ok",
      count: 8,
      value: EXACT,
      warnings: [],
      repairs: ["decoded the JSON document sent as a string", "dropped a repeated copy of the answer"],
    },
  },
  {
    id: "prd-string-literal-truncated",
    job: "parse-prd",
    model: "phi3:mini",
    note: "the string literal's document cut off inside (the string itself closed)",
    text: JSON.stringify(cutAt(COMPACT, '"title":"Build chore management"')),
    expect: { outcome: "truncated", repairs: ["decoded the JSON document sent as a string", "closed truncated JSON"] },
  },
];
