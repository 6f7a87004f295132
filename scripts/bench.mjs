#!/usr/bin/env node
// npm run bench: every benchmark against a scratch database; prints figures, gates nothing.
// The in-process figures (foundation: list, next, validate, import; board: moves, board load) run
// on SQLite, then again on a throwaway PostgreSQL when it is installed; fleet.bench.ts adds
// db:copy and the concurrent load on one and two instances.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, migrate, prepare, resolveDatabaseUrl, root } from "./env.mjs";
import { postgresBin, startThrowawayPostgres } from "./pg-throwaway.mjs";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-bench-"));
// The secret and anything else the app keeps goes to the scratch folder, never ./data.
process.env.CAIRN_DATA_DIR = scratch;
const databaseUrl = resolveDatabaseUrl(`file:${path.join(scratch, "bench.db")}`);
const only = process.argv.slice(2);
const suites = fs
  .readdirSync(path.join(root, "scripts", "bench"))
  .filter((f) => f.endsWith(".bench.ts") && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const env = await prepare({ databaseUrl, build: suites.some((s) => s.includes("browser") || s.includes("fleet")) });
let failed = 0;
/** @param {string} suite @param {Record<string, string>} [extraEnv] */
function runSuite(suite, extraEnv = {}) {
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  // react-server resolves "server-only" the way Next does on the server: to its empty module.
  const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join("scripts", "bench", suite)], {
    cwd: root,
    env: { ...env, CAIRN_BENCH_SCRATCH: scratch, ...extraEnv },
    stdio: "inherit",
  });
  if (r.status !== 0) failed++;
}
for (const suite of suites) {
  log(`— ${suite}`);
  runSuite(suite);
}
// The same in-process figures on PostgreSQL, beside the SQLite ones above.
const onPostgres = suites.filter((s) => s === "foundation.bench.ts" || s === "board.bench.ts");
if (onPostgres.length && postgresBin()) {
  const pg = await startThrowawayPostgres({ log });
  try {
    const url = await pg.createDatabase("bench");
    await migrate(url);
    for (const suite of onPostgres) {
      log(`— ${suite} on PostgreSQL`);
      runSuite(suite, { DATABASE_URL: url });
    }
  } finally {
    pg.stop();
  }
} else if (onPostgres.length) {
  log("PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL figures are skipped");
}
fs.rmSync(scratch, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
