// What the backup and alert services return (lib/ops).
import { z } from "zod";
import { isoInstant, nullableInstant } from "./shared";

export const backupDto = z.strictObject({
  name: z.string().describe("cairn-YYYYMMDD-HHMMSS.db, the UTC time it was taken"),
  sizeBytes: z.number().int(),
  takenAt: isoInstant,
});

export const backupSettingsDto = z.strictObject({
  intervalHours: z.number().int().describe("Hours between scheduled backups; 0 when the schedule is off"),
  keep: z.number().int().describe("How many backups are kept"),
  notifyUrl: z.string().nullable().describe("Where alerts are POSTed (ntfy-compatible); null when none is set"),
  fromEnvironment: z.array(z.string()).describe("Settings the environment overrides (saving them here has no effect)"),
});

export const backupOverviewDto = z.strictObject({
  backups: z.array(backupDto),
  settings: backupSettingsDto,
  directory: z.string().describe("The backup folder on the server"),
  lastGoodAt: nullableInstant,
  lastFailure: z.strictObject({ at: isoInstant, message: z.string() }).nullable(),
  stale: z.boolean().describe("True when the last good backup is older than twice the interval, or there is none"),
  database: z
    .enum(["sqlite", "postgresql"])
    .describe("The database Cairn runs on; built-in backups copy the SQLite file, PostgreSQL is backed up with pg_dump"),
  note: z.string().nullable().describe("What applies instead of built-in backups (on PostgreSQL); null on SQLite"),
});

export const alertDto = z.strictObject({
  subject: z.string().describe("endpoint:<id> or backup"),
  state: z.enum(["up", "down", "ok", "failed"]),
  problem: z.boolean().describe("True for a problem (down, failed); false for a recovery"),
  title: z.string(),
  message: z.string(),
  since: isoInstant,
});
