#!/usr/bin/env node
// npm run bench: every benchmark against a scratch database; prints figures, gates nothing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, prepare, resolveDatabaseUrl, root } from "./env.mjs";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-bench-"));
// The secret and anything else the app keeps goes to the scratch folder, never ./data.
process.env.CAIRN_DATA_DIR = scratch;
const databaseUrl = resolveDatabaseUrl(`file:${path.join(scratch, "bench.db")}`);
const only = process.argv.slice(2);
const suites = fs
  .readdirSync(path.join(root, "scripts", "bench"))
  .filter((f) => f.endsWith(".bench.ts") && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const env = await prepare({ databaseUrl, build: suites.some((s) => s.includes("browser")) });
let failed = 0;
for (const suite of suites) {
  log(`— ${suite}`);
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  // react-server resolves "server-only" the way Next does on the server: to its empty module.
  const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join("scripts", "bench", suite)], {
    cwd: root,
    env: { ...env, CAIRN_BENCH_SCRATCH: scratch },
    stdio: "inherit",
  });
  if (r.status !== 0) failed++;
}
fs.rmSync(scratch, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
