// Every unit/integration run gets a fresh, migrated database of its own: a SQLite file, or with
// CAIRN_TEST_DATABASE=postgresql an empty PostgreSQL database — in the server CAIRN_TEST_PG_URL
// names (`npm test` starts one), else in a throwaway server started here (about 3 s).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../../scripts/env.mjs";
import { startThrowawayPostgres } from "../../scripts/pg-throwaway.mjs";

export const onPostgres = () => /^postgres/i.test(process.env.CAIRN_TEST_DATABASE ?? "");

export default async function setup() {
  if (onPostgres()) {
    const given = process.env.CAIRN_TEST_PG_URL;
    const server = given ? null : await startThrowawayPostgres();
    const base = given ?? server!.url;
    const name = `cairn_vitest_${process.pid}_${Date.now()}`;
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    process.env.DATABASE_URL = url;
    await migrate(url);
    return async () => {
      if (server) return server.stop();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-vitest-"));
  const url = `file:${path.join(dir, "test.db")}`;
  process.env.DATABASE_URL = url;
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: "pipe",
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
