#!/usr/bin/env node
// npm run backup [-- --keep N]: a checked, consistent snapshot of the database in the backup
// folder (CAIRN_BACKUP_DIR, default <data dir>/backups), safe while Cairn is running. How many
// to keep: --keep, else CAIRN_BACKUP_KEEP, else the number set in Settings → Backups, else 7 —
// the same order the app's own schedule uses.
import { parseArgs } from "node:util";
import { storedBackupKeep, takeBackup } from "../lib/ops/backup-core.mjs";
import { backupDir, describeDatabase, isPostgresUrl, log, resolveDatabaseUrl } from "./env.mjs";

const DEFAULT_KEEP = 7;
const { values } = parseArgs({ options: { keep: { type: "string" } }, strict: true });
const databaseUrl = resolveDatabaseUrl();
if (isPostgresUrl(databaseUrl)) {
  console.error(
    `[cairn] ${describeDatabase(databaseUrl)}: npm run backup copies Cairn's SQLite file. Back up PostgreSQL with pg_dump ` +
      '(pg_dump -Fc "$DATABASE_URL" > cairn.dump; restore with pg_restore), or with your server\'s own backups.',
  );
  process.exit(1);
}
const databaseFile = databaseUrl.replace(/^file:/, "");
/** @type {[string, string | undefined][]} */
const given = [
  ["--keep", values.keep],
  ["CAIRN_BACKUP_KEEP", process.env.CAIRN_BACKUP_KEEP?.trim() || undefined],
];
const explicit = given.find(([, v]) => v !== undefined);
/** @type {number} */
let keep;
if (explicit) {
  const [name, raw] = explicit;
  keep = Number(raw);
  if (!Number.isInteger(keep) || keep < 1) {
    console.error(`${name} must be a whole number of at least 1 (got "${raw}")`);
    process.exit(2);
  }
} else {
  keep = storedBackupKeep(databaseFile) ?? DEFAULT_KEEP;
}
try {
  const b = await takeBackup({ databaseFile, dir: backupDir(), keep });
  log(`backed up ${databaseFile} to ${b.file} (${b.sizeBytes} bytes, integrity check ok)`);
  for (const name of b.removed) log(`removed the older backup ${name} (keeping the newest ${keep})`);
} catch (e) {
  console.error(`[cairn] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
