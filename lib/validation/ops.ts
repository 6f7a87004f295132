import { z } from "zod";
import { text } from "./common";

export const BACKUP_INTERVAL_MAX_HOURS = 24 * 30;
export const BACKUP_KEEP_MAX = 365;

export const backupSettingsInput = z.strictObject({
  intervalHours: z
    .number()
    .int()
    .min(0)
    .max(BACKUP_INTERVAL_MAX_HOURS)
    .optional()
    .describe("Hours between scheduled backups; 0 turns the schedule off"),
  keep: z.number().int().min(1).max(BACKUP_KEEP_MAX).optional().describe("How many backups to keep"),
  notifyUrl: text
    .trim()
    .pipe(z.url({ protocol: /^https?$/, message: "Enter an http(s) URL, e.g. https://ntfy.sh/my-cairn" }).max(500))
    .nullable()
    .optional()
    .describe("Where alerts are POSTed (ntfy-compatible); null removes it"),
});
export type BackupSettingsInput = z.output<typeof backupSettingsInput>;

/** Backup names Cairn writes: nothing else is ever opened from the backup folder. */
export const backupNameParam = z.string().regex(/^cairn-\d{8}-\d{6}\.db$/, "A backup name looks like cairn-20261201-030000.db");
