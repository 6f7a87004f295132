// The multi-instance check of `npm test` (step "fleet"): a throwaway PostgreSQL, a SQLite
// database seeded through the services and moved there with `npm run db:copy`, the REST answers of
// a Cairn on the SQLite original, then two Cairn instances on the PostgreSQL copy and the
// Playwright specs in e2e/fleet against both (playwright.fleet.config.ts).
//   CAIRN_TEST_PORT (A, default 3100), CAIRN_TEST_PORT_B (B, default A + 10),
//   CAIRN_TEST_PG_PORT (default: a free port), CAIRN_FLEET_TASKS (default 300)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../env.mjs";
import { postgresBin, startThrowawayPostgres } from "../pg-throwaway.mjs";
import { root, restAnswers, seedDatabase, startApp, type App } from "./harness";

const log = (m: string) => process.stdout.write(`[fleet] ${m}\n`);

/** A running server's maintenance URL as the throwaway helper's interface (stop() leaves it running). */
function serverAt(adminUrl: string) {
  return {
    async createDatabase(name: string) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop() {},
  };
}

async function main(): Promise<number> {
  if (!postgresBin()) {
    log("PostgreSQL is not installed (apt-get install postgresql): the multi-instance specs are skipped");
    return 0;
  }
  const portA = Number(process.env.CAIRN_TEST_PORT ?? 3100);
  const portB = Number(process.env.CAIRN_TEST_PORT_B ?? portA + 10);
  const tasks = Number(process.env.CAIRN_FLEET_TASKS ?? 300);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-fleet-"));
  // The server `npm test` already runs (CAIRN_FLEET_PG_URL), else one of our own.
  const pg = process.env.CAIRN_FLEET_PG_URL
    ? serverAt(process.env.CAIRN_FLEET_PG_URL)
    : await startThrowawayPostgres({ port: Number(process.env.CAIRN_TEST_PG_PORT) || undefined, log });
  const apps: App[] = [];
  try {
    const pgUrl = await pg.createDatabase("cairn_fleet");
    await migrate(pgUrl);
    const sqliteFile = path.join(scratch, "source.db");
    await migrate(`file:${sqliteFile}`);
    const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    const sqliteEnv = { ...base, DATABASE_URL: `file:${sqliteFile}`, CAIRN_DATA_DIR: path.join(scratch, "sqlite") };

    log(`seeding a SQLite database with a ${tasks}-task project, history, AI runs, chat and reports…`);
    const seeded = seedDatabase(sqliteEnv, tasks);
    log("npm run db:copy into the empty PostgreSQL database…");
    const copy = spawnSync(process.execPath, [path.join(root, "scripts/db-copy.mjs"), "--from", sqliteFile, "--to", pgUrl], {
      cwd: root,
      env: base,
      stdio: "inherit",
    });
    if (copy.status !== 0) throw new Error("db:copy failed");

    log("reading the REST answers of a Cairn on the SQLite original…");
    const original = await startApp({ name: "sqlite", port: portB, env: sqliteEnv, logDir: scratch });
    let answers: Record<string, unknown>;
    try {
      answers = await restAnswers(original.url, seeded);
    } finally {
      await original.stop();
    }
    const answersFile = path.join(scratch, "sqlite-answers.json");
    fs.writeFileSync(answersFile, JSON.stringify(answers));

    log("starting instances A and B on the PostgreSQL copy…");
    const pgEnv = (name: string) => ({ ...base, DATABASE_URL: pgUrl, CAIRN_DATA_DIR: path.join(scratch, name) });
    apps.push(
      ...(await Promise.all([
        startApp({ name: "a", port: portA, env: pgEnv("a"), logDir: scratch }),
        startApp({ name: "b", port: portB, env: pgEnv("b"), logDir: scratch }),
      ])),
    );
    const [a, b] = apps as [App, App];
    const r = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/@playwright/test/cli.js"), "test", "-c", "playwright.fleet.config.ts", ...process.argv.slice(2)],
      {
        cwd: root,
        env: {
          ...base,
          CAIRN_FLEET: "1",
          CAIRN_FLEET_A: a.url,
          CAIRN_FLEET_B: b.url,
          CAIRN_FLEET_SEED: JSON.stringify(seeded),
          CAIRN_FLEET_ANSWERS: answersFile,
          CAIRN_FLEET_DATABASE_URL: pgUrl,
        },
        stdio: "inherit",
      },
    );
    if (r.status !== 0) log(`instance logs: ${scratch}/a.log, ${scratch}/b.log (kept)`);
    else fs.rmSync(scratch, { recursive: true, force: true });
    return r.status ?? 1;
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    pg.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
