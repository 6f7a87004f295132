// Foundation figures on a 10,000-task project with 15,000 dependency edges.
import { benchUser } from "./bench-user";
import type { Actor } from "@/lib/auth/actor";
import { createTask } from "@/lib/tasks/create-task";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { listTasks } from "@/lib/tasks/list-tasks";
import { getNextTask } from "@/lib/tasks/next-task";
import { updateTask } from "@/lib/tasks/update-task";
import { validateDependencies } from "@/lib/tasks/validate-dependencies";
import { measure, printTable, type Figures } from "./measure";
import { syntheticTasksJson } from "./synthetic";

async function main() {
  const user = await benchUser();
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
  rows.push(
    await measure("list first page, ready=true", 300, () => listTasks(actor, projectId, { limit: "50", ready: "true" }), "p95 < 25 ms"),
  );
  rows.push(
    await measure(
      "list first page, text search",
      300,
      () => listTasks(actor, projectId, { limit: "50", text: "deploy component 4" }),
      "p95 < 25 ms",
    ),
  );
  rows.push(await measure("next task (plan unchanged)", 300, () => getNextTask(actor, projectId), "p95 < 25 ms"));
  let flip = 0;
  rows.push(
    await measure("next task right after a write", 60, async () => {
      await updateTask(actor, projectId, "9999", { title: `Renamed ${flip++}` });
      const t = performance.now();
      await getNextTask(actor, projectId);
      return performance.now() - t;
    }),
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

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
