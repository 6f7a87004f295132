// Dependency graph figures at 1,000 and 5,000 tasks: the page's layout function (dagre, run in
// node here) and the GET /graph service, before and after a write.
import type { Actor } from "@/lib/auth/actor";
import { layoutGraph } from "@/lib/graph/layout";
import { getDependencyGraph } from "@/lib/tasks/graph-dto";
import { criticalPath } from "@/lib/tasks/rules/critical-path";
import { visibleGraph } from "@/lib/tasks/graph-dto-filters";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { updateTask } from "@/lib/tasks/update-task";
import { benchUser } from "./bench-user";
import { measure, printTable, type Figures } from "./measure";
import { syntheticTasksJson } from "./synthetic";

async function main() {
  const user = await benchUser();
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };
  const rows: Figures[] = [];
  for (const [n, runs] of [
    [1_000, 10],
    [5_000, 3],
  ] as const) {
    const t0 = performance.now();
    const { projects } = await importTaskMaster(actor, syntheticTasksJson(n, Math.round(n * 1.5)));
    const p = projects[0]!;
    console.log(
      `seeded ${p.tasks} tasks and ${p.dependencies} dependency edges through import in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );

    const dto = await getDependencyGraph(actor, p.id);
    const open = visibleGraph(dto, { hideDone: true });
    let mode = "";
    const layout = (view: typeof open) => () => {
      const l = layoutGraph(
        view.nodes.map((x) => x.ref),
        view.edges,
      );
      mode = l.mode;
      return Promise.resolve();
    };
    rows.push(await measure(`${n}: layout, every task (${dto.nodes.length} nodes)`, runs, layout(dto), n === 1_000 ? "< 2 s" : undefined));
    const allMode = mode;
    rows.push(await measure(`${n}: layout, hide done (${open.nodes.length} nodes)`, runs, layout(open), n === 1_000 ? "< 2 s" : undefined));
    console.log(
      `${n} tasks: layout path "${allMode}" for every task, "${mode}" with hide done; critical path ${dto.criticalPath.length} tasks, weight ${dto.criticalWeight}; DTO ${(JSON.stringify(dto).length / 1024).toFixed(0)} KiB`,
    );

    const g = await getProjectGraph(p.id);
    rows.push(await measure(`${n}: criticalPath (pure)`, 50, async () => criticalPath(g)));
    rows.push(await measure(`${n}: GET /graph service, memo hit`, 50, () => getDependencyGraph(actor, p.id)));
    // A write moves the revision: the next read recomputes the DTO (the graph itself is patched
    // in place by the write, not reloaded). Only the read is timed.
    let flip = 0;
    rows.push(
      await measure(`${n}: GET /graph service, after a write`, 20, async () => {
        await updateTask(actor, p.id, "1", { title: `Task 1, edit ${flip++}` });
        const t = performance.now();
        await getDependencyGraph(actor, p.id);
        return performance.now() - t;
      }),
    );
  }
  printTable("Dependency graph (synthetic plans, 1.5 edges per task; in-process)", rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
