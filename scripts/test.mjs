#!/usr/bin/env node
// npm test: type-check, unit + integration tests (Vitest, real SQLite), then the app is built
// and served against a scratch database and driven by Playwright (API specs + Chromium). Then the
// same against a throwaway PostgreSQL the script starts itself: the domain and API Vitest suites,
// the API specs and one browser path (`postgres` step).
// CAIRN_TEST_DATABASE=postgresql runs every step on PostgreSQL instead (the whole suite).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, migrate, prepare, resolveDatabaseUrl, root } from "./env.mjs";
import { startThrowawayPostgres } from "./pg-throwaway.mjs";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-test-"));
// The secret and anything else the app keeps goes to the scratch folder, never ./data.
process.env.CAIRN_DATA_DIR = scratch;
const allOnPostgres = /^postgres/i.test(process.env.CAIRN_TEST_DATABASE ?? "");
/** @type {Awaited<ReturnType<typeof startThrowawayPostgres>> | null} */
let pgServer = null;
const postgres = async () => {
  pgServer ??= await startThrowawayPostgres({
    port: process.env.CAIRN_TEST_PG_PORT ? Number(process.env.CAIRN_TEST_PG_PORT) : undefined,
    log,
  });
  return pgServer;
};
process.on("exit", () => pgServer?.stop());
const databaseUrl = allOnPostgres
  ? await (await postgres()).createDatabase("cairn_e2e")
  : resolveDatabaseUrl(`file:${path.join(scratch, "e2e.db")}`);
const port = process.env.CAIRN_TEST_PORT ?? "3100";
const ollamaPort = process.env.CAIRN_TEST_OLLAMA_PORT ?? "11555";
const env = await prepare({
  databaseUrl,
  extraEnv: {
    CAIRN_SCRATCH_DB: "1",
    NEXTAUTH_URL: `http://localhost:${port}`,
    CAIRN_TEST_PORT: port,
    CAIRN_TEST_OLLAMA_PORT: ollamaPort,
    OLLAMA_BASE_URL: `http://127.0.0.1:${ollamaPort}`,
    // Metrics on, with a token the metrics spec sends; backups into the scratch folder, never ./data.
    CAIRN_METRICS_TOKEN: process.env.CAIRN_METRICS_TOKEN ?? `cairn-test-metrics-${process.pid}`,
    CAIRN_BACKUP_DIR: path.join(scratch, "backups"),
  },
});

/** @param {string} pkg @param {string} rel */
const bin = (pkg, rel) => path.join(root, "node_modules", pkg, rel);
/** @type {{ name: string, ok: boolean, seconds: number }[]} */
const results = [];
/** @param {string} name @param {string[]} args @param {Record<string, string>} [extraEnv] */
function step(name, args, extraEnv = {}) {
  log(`— ${name}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
  results.push({ name, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  return r.status === 0;
}

const vitestJson = path.join(scratch, "vitest.json");
const playwrightJson = path.join(scratch, "playwright.json");
/** Vitest on PostgreSQL (global-setup makes a fresh database in the server for each run). */
const vitestOnPostgres = async () => ({ CAIRN_TEST_DATABASE: "postgresql", CAIRN_TEST_PG_URL: (await postgres()).url });
// `npm test -- e2e -- --grep Stop`: steps to run, then arguments for Playwright after "--".
const sep = process.argv.indexOf("--");
const only = sep >= 0 ? process.argv.slice(2, sep) : process.argv.slice(2);
const playwrightArgs = sep >= 0 ? process.argv.slice(sep + 1) : [];
/** @param {string} s */
const want = (s) => only.length === 0 || only.includes(s);

if (want("typecheck")) step("type-check", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]);
if (want("lint")) {
  step("lint (ESLint)", [bin("eslint", "bin/eslint.js"), "."]);
  step("format check (Prettier)", [bin("prettier", "bin/prettier.cjs"), "--check", "--log-level", "warn", "."]);
}
const onWhat = allOnPostgres ? "PostgreSQL" : "SQLite";
if (want("unit")) {
  step(
    `unit and integration tests (Vitest, ${onWhat})`,
    [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
    allOnPostgres ? await vitestOnPostgres() : {},
  );
}
if (want("e2e")) {
  step(`end-to-end tests (Playwright: API + Chromium, ${onWhat})`, [bin("@playwright/test", "cli.js"), "test", ...playwrightArgs], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
}

// The same services on PostgreSQL: the domain and API suites, the API specs and one browser path.
// (On SQLite the whole suite ran above; CAIRN_TEST_DATABASE=postgresql runs all of it on PostgreSQL.)
// The suites that read and write the database (pure logic runs the same on either): tasks, board,
// overview, graph, search, accounts and tokens, reports, the AI cache and chat, MCP, GitHub
// deliveries, error mapping, and the schema check that applies the migrations for real.
const PG_VITEST = [
  "lib/tasks/tasks.test.ts",
  "lib/tasks/search-tasks.test.ts",
  "lib/tasks/plan-snapshot.test.ts",
  "lib/tasks/overview.test.ts",
  "lib/tasks/graph-dto.test.ts",
  "lib/auth",
  "lib/reports/generate-report.test.ts",
  "lib/ai/engine.test.ts",
  "lib/ai/chat/chat.test.ts",
  "lib/mcp/mcp.test.ts",
  "lib/integrations/github/receive.test.ts",
  "lib/db-errors.test.ts",
  "scripts/pg-schema.test.ts",
];
const PG_BROWSER = ["e2e/browser/board.spec.ts"];
const pgVitestJson = path.join(scratch, "vitest-pg.json");
const pgPlaywrightJson = path.join(scratch, "playwright-pg.json");
if (!allOnPostgres && (only.length === 0 || only.includes("postgres"))) {
  const pg = await postgres();
  step(
    "domain and API tests on PostgreSQL (Vitest)",
    // Each query is a round trip to the server here: more time per test than SQLite's in-process calls.
    [
      bin("vitest", "vitest.mjs"),
      "run",
      "--testTimeout=60000",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${pgVitestJson}`,
      ...PG_VITEST,
    ],
    await vitestOnPostgres(),
  );
  const e2eUrl = await pg.createDatabase("cairn_e2e_pg");
  await migrate(e2eUrl);
  step(
    "API specs and the board in Chromium on PostgreSQL (Playwright)",
    [bin("@playwright/test", "cli.js"), "test", "e2e/api", ...PG_BROWSER, ...playwrightArgs],
    { DATABASE_URL: e2eUrl, PLAYWRIGHT_JSON_OUTPUT_NAME: pgPlaywrightJson },
  );
}

// Two app instances on one throwaway PostgreSQL, after a db:copy of a seeded SQLite database
// (scripts/fleet/run.ts, the specs in e2e/fleet). Part of the PostgreSQL step; `fleet` alone too.
const fleetJson = path.join(scratch, "playwright-fleet.json");
if (only.length === 0 || only.includes("postgres") || only.includes("fleet")) {
  step(
    "several instances on one PostgreSQL: db:copy, two app instances, nginx (Playwright)",
    [
      bin("tsx", "dist/cli.mjs"),
      path.join(root, "scripts", "fleet", "run.ts"),
      ...(only.length === 1 && only[0] === "fleet" ? playwrightArgs : []),
    ],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: fleetJson, CAIRN_FLEET_PG_URL: (await postgres()).url },
  );
}

// The packaged build from a read-only install (in CI: from a clean clone with npm ci; minutes).
if (want("package")) step("packaged build (read-only install, fresh data folder)", [path.join(root, "scripts", "package-check.mjs")]);

let passed = 0;
let failed = 0;
let skipped = 0;
/** @param {string} f @returns {any} the parsed report, or null when the step wrote none */
const readJson = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null);
for (const v of [readJson(vitestJson), readJson(pgVitestJson)]) {
  if (!v) continue;
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
/** @type {string[]} */
const flaky = [];
for (const p of [readJson(playwrightJson), readJson(pgPlaywrightJson), readJson(fleetJson)]) {
  if (!p?.stats) continue;
  passed += p.stats.expected ?? 0;
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
  flaky.push(...flakyTests(p));
}
fs.rmSync(scratch, { recursive: true, force: true });

/**
 * @typedef {{ title: string, suites?: ReportSuite[], specs?: { title: string, tests?: { status: string }[] }[] }} ReportSuite
 */
/**
 * Titles of the tests Playwright marked flaky (failed, then passed on a retry).
 * @param {{ suites?: ReportSuite[] }} report
 */
function flakyTests(report) {
  /** @type {string[]} */
  const out = [];
  /** @param {ReportSuite} suite @param {string[]} trail */
  const walk = (suite, trail) => {
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === "flaky") out.push([...trail, spec.title].filter(Boolean).join(" › "));
    }
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  return out;
}
for (const r of results) log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds}s)`);
const stepsFailed = results.filter((r) => !r.ok).length;
// A failed step that produced no test report (type errors, a crashed runner) still fails the run.
if (stepsFailed > 0 && failed === 0) failed = stepsFailed;
// A test that passed only on a retry is not a pass: it is named, and counted apart.
for (const name of flaky) log(`FLAKY ${name} (passed only on retry)`);
console.log(`${passed} passed, ${failed} failed${flaky.length ? `, ${flaky.length} flaky` : ""}${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(stepsFailed > 0 ? 1 : 0);
