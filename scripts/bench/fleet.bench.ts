// PostgreSQL and several instances: `npm run db:copy` of a 10,000-task database (with history, AI
// runs, chat and reports) and whether the copy answers like the original over REST; then a
// concurrent load — 50 readers (list, next, board) and 10 writers (moves, status changes) for
// CAIRN_BENCH_LOAD_SECONDS (default 30) — on SQLite with one instance and on PostgreSQL with one
// and with two. Starts its own throwaway PostgreSQL; needs the built app (npm run bench builds it).
import fs from "node:fs";
import path from "node:path";
import { migrate } from "../env.mjs";
import { freePort, postgresBin, startThrowawayPostgres } from "../pg-throwaway.mjs";
import { copySqliteToPostgres } from "../../lib/ops/db-copy-core.mjs";
import { differences, restAnswers, seedDatabase, startApp, type App, type Seeded } from "../fleet/harness";
import { printLoad, runLoad } from "../fleet/load";

const scratch = process.env.CAIRN_BENCH_SCRATCH ?? fs.mkdtempSync("/tmp/cairn-fleet-bench-");
const seconds = Number(process.env.CAIRN_BENCH_LOAD_SECONDS) || 30;
const env = { ...process.env };
const logDir = path.join(scratch, "fleet-logs");

async function sqliteWith(name: string, tasks: number): Promise<{ file: string; seeded: Seeded; ms: number }> {
  const file = path.join(scratch, `${name}.db`);
  await migrate(`file:${file}`);
  const t0 = performance.now();
  const seeded = seedDatabase({ ...env, DATABASE_URL: `file:${file}`, CAIRN_DATA_DIR: path.join(scratch, name) }, tasks);
  return { file, seeded, ms: performance.now() - t0 };
}

async function withApps<T>(databaseUrl: string, count: number, fn: (apps: App[]) => Promise<T>): Promise<T> {
  const apps = await Promise.all(
    Array.from({ length: count }, async (_, i) =>
      startApp({
        name: `${databaseUrl.startsWith("file:") ? "sqlite" : "pg"}-${i}`,
        port: await freePort(),
        env: { ...env, DATABASE_URL: databaseUrl, CAIRN_DATA_DIR: path.join(scratch, `instance-${i}`) },
        logDir,
      }),
    ),
  );
  try {
    return await fn(apps);
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
  }
}

async function main() {
  if (!postgresBin()) {
    console.log("PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL and multi-instance figures are skipped");
    return;
  }
  const pg = await startThrowawayPostgres();
  try {
    // 1. db:copy of the 10,000-task bench project, and the REST answers of both databases.
    const big = await sqliteWith("copy-source", 10_000);
    console.log(`seeded a 10,000-task project with history, AI runs, chat and reports in ${(big.ms / 1000).toFixed(1)} s`);
    const copyUrl = await pg.createDatabase("bench_copy");
    await migrate(copyUrl);
    const copied = await copySqliteToPostgres({ from: big.file, to: copyUrl });
    const task = copied.tables.find((t) => t.table === "Task");
    console.log(
      `db:copy: ${copied.rows} rows in ${copied.tables.length} tables (${task?.target} tasks) in ${(copied.ms / 1000).toFixed(1)} s`,
    );
    const t0 = performance.now();
    const original = await withApps(`file:${big.file}`, 1, ([a]) => restAnswers(a!.url, big.seeded));
    const copy = await withApps(copyUrl, 1, ([a]) => restAnswers(a!.url, big.seeded));
    const diff = Object.keys({ ...original, ...copy }).flatMap((k) => differences(original[k], copy[k], k));
    console.log(
      diff.length === 0
        ? `REST answers (every task page, next, overview, export, board, graph, reports, chat, AI runs…) identical on both databases (${((performance.now() - t0) / 1000).toFixed(1)} s)`
        : `REST answers DIFFER between SQLite and the PostgreSQL copy:\n  ${diff.join("\n  ")}`,
    );
    if (diff.length) process.exitCode = 1;

    // 2. Concurrent load on the same 1,000-task plan: SQLite, PostgreSQL × 1, PostgreSQL × 2.
    const load = await sqliteWith("load-source", 1_000);
    const loadUrl = await pg.createDatabase("bench_load");
    await migrate(loadUrl);
    await copySqliteToPostgres({ from: load.file, to: loadUrl });
    const refs = Array.from({ length: 1_000 }, (_, i) => String(i + 1));
    const scenario = { token: load.seeded.token, projectId: load.seeded.projectId, refs, readers: 50, writers: 10, seconds };
    for (const [title, url, count] of [
      ["SQLite, one instance", `file:${load.file}`, 1],
      ["PostgreSQL, one instance", loadUrl, 1],
      ["PostgreSQL, two instances", loadUrl, 2],
    ] as const) {
      const { rows, errorSamples } = await withApps(url, count, (apps) => runLoad({ ...scenario, bases: apps.map((a) => a.url) }));
      printLoad(`Concurrent load: ${title} — 50 readers + 10 writers for ${seconds} s, 1,000 tasks (HTTP, client-side latency)`, rows);
      for (const s of errorSamples) console.log(`  error sample: ${s}`);
    }
  } finally {
    pg.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
