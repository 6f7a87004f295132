#!/usr/bin/env node
// npm run db:copy -- --to postgresql://… [--from file:/path/cairn.db]
// Copies a Cairn SQLite database (--from, else DATABASE_URL when it is a file: URL, else the data
// folder's cairn.db) into an empty PostgreSQL database (--to, else DATABASE_URL when it is a
// postgresql: URL), migrated first if it has no tables yet: every table, ids and history kept, in
// one transaction, row counts checked at the end. The SQLite database is only read.
import fs from "node:fs";
import path from "node:path";
import { dataDir, databaseInUse, log, migrate, pendingMigrations, root } from "./env.mjs";

/** @param {string} name */
function arg(name) {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

const isPostgres = (/** @type {string | undefined} */ u) => !!u && /^postgres(ql)?:\/\//i.test(u);
const env = process.env.DATABASE_URL;
const to = arg("--to") ?? (isPostgres(env) ? env : undefined);
const fromRaw = arg("--from") ?? (env && !isPostgres(env) ? env : `file:${path.join(dataDir(), "cairn.db")}`);
if (!to || !isPostgres(to)) {
  log("usage: npm run db:copy -- --to postgresql://user:password@host:5432/cairn [--from file:./data/cairn.db]");
  log(to ? `--to must be a postgresql:// URL, not ${to.split(":")[0]}:` : "say where to copy to with --to postgresql://…");
  process.exit(2);
}
const fromFile = path.resolve(root, fromRaw.replace(/^file:/, ""));
const fromUrl = `file:${fromFile}`;
if (!fs.existsSync(fromFile)) {
  log(`${fromFile} does not exist: name the SQLite database with --from file:/path/to/cairn.db`);
  process.exit(1);
}

const use = await databaseInUse(fromUrl);
if (use.inUse) {
  log(
    `${fromFile} is in use by a running Cairn${use.pid ? ` (pid ${use.pid}${use.port ? `, port ${use.port}` : ""})` : ""}: stop it first, so nothing written after the copy is left behind`,
  );
  process.exit(1);
}
const pending = pendingMigrations(fromUrl);
if (pending.length) {
  log(
    `${fromFile} is behind this Cairn version (${pending.length} pending migration(s)): run \`DATABASE_URL=${fromUrl} npm run db:migrate\` first`,
  );
  process.exit(1);
}

const { copySqliteToPostgres, CopyError } = await import("../lib/ops/db-copy-core.mjs");
const shown = to.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
// A database without tables gets this version's first; one with tables is only checked (below).
try {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: to, connectionTimeoutMillis: 10_000 });
  await client.connect();
  const { rows } = await client
    .query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'",
    )
    .finally(() => client.end());
  const applied = rows[0].n === 0 ? await migrate(to) : [];
  if (applied.length) log(`migrated ${shown}: ${applied.join(", ")}`);
} catch (e) {
  log(`db:copy refused: could not prepare ${shown}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
log(`copying ${fromFile} into ${shown}…`);
try {
  const result = await copySqliteToPostgres({ from: fromFile, to });
  const width = Math.max(...result.tables.map((t) => t.table.length), 5);
  console.log(`${"table".padEnd(width)}  ${"SQLite".padStart(8)}  ${"PostgreSQL".padStart(10)}`);
  for (const t of result.tables) console.log(`${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(10)}`);
  log(`copied ${result.rows} rows in ${result.tables.length} tables in ${(result.ms / 1000).toFixed(1)} s; every count matches`);
  log(`now start Cairn with DATABASE_URL=${shown}`);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  log(e instanceof CopyError ? `db:copy refused: ${message}` : `db:copy failed, nothing was written: ${message}`);
  process.exit(1);
}
