#!/usr/bin/env node
// npm run restore -- <file>: checks the backup, keeps the current database aside as
// <database>.before-restore-<stamp>, and puts the backup in its place. Cairn must be stopped.
import fs from "node:fs";
import path from "node:path";
import { BACKUP_NAME, inUseMessage, restoreBackup } from "../lib/ops/backup-core.mjs";
import { backupDir, databaseInUse, describeDatabase, isPostgresUrl, log, resolveDatabaseUrl } from "./env.mjs";

const arg = process.argv[2];
if (!arg || process.argv.length > 3) {
  console.error("usage: npm run restore -- <backup file>   (a path, or a name such as cairn-20261201-030000.db from the backup folder)");
  process.exit(2);
}
// A bare backup name means the one in the backup folder.
const source = !fs.existsSync(arg) && BACKUP_NAME.test(arg) ? path.join(backupDir(), arg) : path.resolve(arg);
const databaseUrl = resolveDatabaseUrl();
if (isPostgresUrl(databaseUrl)) {
  console.error(
    `[cairn] ${describeDatabase(databaseUrl)}: npm run restore puts a backup of Cairn's SQLite file back. Restore PostgreSQL ` +
      'from a pg_dump archive with pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" cairn.dump).',
  );
  process.exit(1);
}
const databaseFile = databaseUrl.replace(/^file:/, "");
try {
  const { inUse, pid } = await databaseInUse(databaseUrl);
  if (inUse) throw new Error(`Not restored: ${inUseMessage(databaseFile)}${pid ? ` (process ${pid})` : ""}`);
  const { asideFile } = restoreBackup({ databaseFile, source });
  if (asideFile) log(`kept the previous database as ${asideFile}`);
  log(`restored ${source} to ${databaseFile}`);
} catch (e) {
  console.error(`[cairn] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
