// Foundation figures on a 10,000-task project with 15,000 dependency edges.
import { signUp } from "@/lib/auth/users";
import type { Actor } from "@/lib/auth/actor";
import { createTask } from "@/lib/tasks/create-task";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { listTasks } from "@/lib/tasks/list-tasks";
import { getNextTask } from "@/lib/tasks/next-task";
import { updateTask } from "@/lib/tasks/update-task";
import { validateDependencies } from "@/lib/tasks/validate-dependencies";
import { measure, printTable, type Figures } from "./measure";

/** A Task Master file of n tasks with about `edges` dependencies, each on an earlier task. */
export function syntheticTasksJson(n: number, edges: number, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const priorities = ["low", "medium", "medium", "high", "critical"];
  const statuses = ["pending", "pending", "pending", "in-progress", "done", "done", "review", "deferred"];
  const deps: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < edges; ) {
    const from = 2 + Math.floor(rand() * (n - 1));
    // Mostly near neighbours (how real plans look), sometimes far back.
    const back = rand() < 0.8 ? 1 + Math.floor(rand() * 20) : 1 + Math.floor(rand() * (from - 1));
    const to = Math.max(1, from - back);
    if (!deps[from - 1]!.includes(to)) {
      deps[from - 1]!.push(to);
      e++;
    }
  }
  return {
    master: {
      tasks: deps.map((d, i) => ({
        id: i + 1,
        title: `Task ${i + 1}: ${["Design", "Build", "Test", "Deploy", "Document"][i % 5]} component ${i % 97}`,
        description: `Work item ${i + 1} of the synthetic plan`,
        details: "",
        testStrategy: "",
        status: statuses[Math.floor(rand() * statuses.length)],
        priority: priorities[Math.floor(rand() * priorities.length)],
        dependencies: d,
        subtasks: [],
      })),
      metadata: { projectName: `Synthetic ${n}` },
    },
  };
}

async function main() {
  const user = await signUp({ email: `bench-${Date.now()}@example.test`, password: "benchmark-password", name: "Bench" });
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };

  const t0 = performance.now();
  const big = syntheticTasksJson(10_000, 15_000);
  const { projects } = await importTaskMaster(actor, big);
  const seedMs = performance.now() - t0;
  const p = projects[0]!;
  console.log(`seeded ${p.tasks} tasks and ${p.dependencies} dependency edges through import in ${(seedMs / 1000).toFixed(2)} s`);
  const projectId = p.id;

  const rows: Figures[] = [];
  rows.push(await measure("list first page (50 tasks)", 300, () => listTasks(actor, projectId, { limit: "50" }), "p95 < 25 ms"));
  rows.push(await measure("list first page, ready=true", 300, () => listTasks(actor, projectId, { limit: "50", ready: "true" }), "p95 < 25 ms"));
  rows.push(await measure("list first page, text search", 300, () => listTasks(actor, projectId, { limit: "50", text: "deploy component 4" }), "p95 < 25 ms"));
  rows.push(await measure("next task (plan unchanged)", 300, () => getNextTask(actor, projectId), "p95 < 25 ms"));
  let flip = 0;
  rows.push(
    await measure(
      "next task right after a write",
      60,
      async () => {
        await updateTask(actor, projectId, "9999", { title: `Renamed ${flip++}` });
        const t = performance.now();
        await getNextTask(actor, projectId);
        return performance.now() - t;
      },
    ),
  );
  rows.push(await measure("validate dependencies", 50, () => validateDependencies(actor, projectId), "p95 < 100 ms"));
  rows.push(
    await measure("create a task with 3 dependencies", 200, (i) =>
      createTask(actor, projectId, { title: `New ${i}`, dependencies: [String(100 + ((i * 7) % 9000)), String(50 + (i % 40)), "1"] }),
    ),
  );
  const small = syntheticTasksJson(1_000, 1_500, 7);
  rows.push(await measure("import a 1,000-task tasks.json", 8, () => importTaskMaster(actor, small), "< 2 s"));
  printTable("Foundation (10,000 tasks, 15,000 edges; server time in-process)", rows);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`process RSS after the run: ${rss.toFixed(0)} MB`);
}

if (process.argv[1]?.includes("foundation.bench")) main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
