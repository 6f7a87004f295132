#!/usr/bin/env node
// npm run backup [-- --keep N]: a checked, consistent snapshot of the database in the backup
// folder (CAIRN_BACKUP_DIR, default <data dir>/backups), safe while Cairn is running.
import { parseArgs } from "node:util";
import { takeBackup } from "../lib/ops/backup-core.mjs";
import { backupDir, describeDatabase, isPostgresUrl, log, resolveDatabaseUrl } from "./env.mjs";

const { values } = parseArgs({ options: { keep: { type: "string" } }, strict: true });
const keepRaw = values.keep ?? process.env.CAIRN_BACKUP_KEEP ?? "7";
const keep = Number(keepRaw);
if (!Number.isInteger(keep) || keep < 1) {
  console.error(`--keep must be a whole number of at least 1 (got "${keepRaw}")`);
  process.exit(2);
}
const databaseUrl = resolveDatabaseUrl();
if (isPostgresUrl(databaseUrl)) {
  console.error(
    `[cairn] ${describeDatabase(databaseUrl)}: npm run backup copies Cairn's SQLite file. Back up PostgreSQL with pg_dump ` +
      '(pg_dump -Fc "$DATABASE_URL" > cairn.dump; restore with pg_restore), or with your server\'s own backups.',
  );
  process.exit(1);
}
const databaseFile = databaseUrl.replace(/^file:/, "");
try {
  const b = await takeBackup({ databaseFile, dir: backupDir(), keep });
  log(`backed up ${databaseFile} to ${b.file} (${b.sizeBytes} bytes, integrity check ok)`);
  for (const name of b.removed) log(`removed the older backup ${name} (keeping the newest ${keep})`);
} catch (e) {
  console.error(`[cairn] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
