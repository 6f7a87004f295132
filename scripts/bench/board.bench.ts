// Board figures on a 2,000-task project: moving cards between and within columns, loading the board.
import type { Actor } from "@/lib/auth/actor";
import { benchUser } from "./bench-user";
import { getBoard } from "@/lib/tasks/board";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { moveTask } from "@/lib/tasks/move-task";
import { TASK_STATUSES, type TaskStatus } from "@/lib/validation/common";
import { measure, printTable, type Figures } from "./measure";
import { mulberry32, syntheticTasksJson } from "./synthetic";

/** Top-level refs per status column, in board order, read through the same service the board uses. */
async function readColumns(actor: Actor, projectId: string): Promise<Map<TaskStatus, string[]>> {
  const { cards } = await getBoard(actor, projectId);
  const columns = new Map<TaskStatus, string[]>(TASK_STATUSES.map((s) => [s, []]));
  for (const c of cards) columns.get(c.status)!.push(c.ref);
  return columns;
}

async function main() {
  const user = await benchUser();
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };

  const t0 = performance.now();
  const { projects } = await importTaskMaster(actor, syntheticTasksJson(2_000, 3_000));
  const p = projects[0]!;
  console.log(
    `seeded ${p.tasks} tasks and ${p.dependencies} dependency edges through import in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  const projectId = p.id;

  const columns = await readColumns(actor, projectId);
  const statusOf = new Map<string, TaskStatus>();
  for (const [s, refs] of columns) for (const r of refs) statusOf.set(r, s);
  const allRefs = [...statusOf.keys()];
  const rand = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // Both kinds of move name a neighbour from the model, so a wrong model makes moveTask refuse
  // ("same column") rather than quietly measuring something else.
  let across = 0;
  let within = 0;
  const moveOnce = async (i: number) => {
    const ref = pick(allRefs);
    const from = statusOf.get(ref)!;
    const source = columns.get(from)!;
    let to: TaskStatus = from;
    if (Math.abs(i) % 2 === 0 || source.length < 2) {
      to = pick(TASK_STATUSES.filter((s) => s !== from));
      across++;
    } else {
      within++;
    }
    source.splice(source.indexOf(ref), 1);
    const target = columns.get(to)!;
    // One extra slot stands for "the top of the column".
    const slot = Math.floor(rand() * (target.length + 1));
    const afterRef = slot === 0 ? null : target[slot - 1]!;
    const start = performance.now();
    await moveTask(actor, projectId, ref, { status: to, afterRef });
    const ms = performance.now() - start;
    target.splice(slot, 0, ref);
    statusOf.set(ref, to);
    return ms;
  };

  const rows: Figures[] = [];
  rows.push(await measure("move a card (across / within columns)", 300, moveOnce, "p95 < 50 ms"));

  const actual = await readColumns(actor, projectId);
  const drift = TASK_STATUSES.filter((s) => actual.get(s)!.join(",") !== columns.get(s)!.join(","));
  console.log(`${across} moves across columns, ${within} within a column (including warm-up)`);
  if (drift.length) {
    console.error(`column order in the database differs from the expected order after the moves: ${drift.join(", ")}`);
    process.exitCode = 1;
  } else {
    console.log("column order in the database matches the expected order after every move");
  }

  rows.push(await measure("load the board (getBoard)", 100, () => getBoard(actor, projectId)));

  printTable("Board (2,000 tasks, 3,000 edges; server time in-process)", rows);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
