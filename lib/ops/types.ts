// What the backup, alert and health services return (type-only: the browser imports these).

export interface BackupDto {
  name: string;
  sizeBytes: number;
  takenAt: string;
}

export interface BackupSettingsDto {
  /** Hours between scheduled backups; 0 turns the schedule off. */
  intervalHours: number;
  /** How many backups are kept (the oldest beyond this are removed after each backup). */
  keep: number;
  /** Where alerts are POSTed (ntfy-compatible); null when none is set. */
  notifyUrl: string | null;
  /** Settings the environment overrides (CAIRN_BACKUP_INTERVAL_HOURS, CAIRN_BACKUP_KEEP, CAIRN_NOTIFY_URL). */
  fromEnvironment: string[];
}

export interface BackupOverviewDto {
  backups: BackupDto[];
  settings: BackupSettingsDto;
  /** The backup folder on the server. */
  directory: string;
  lastGoodAt: string | null;
  lastFailure: { at: string; message: string } | null;
  /** The last good backup is older than twice the interval, or there is none. */
  stale: boolean;
  /** The database Cairn runs on: built-in backups copy the SQLite file; PostgreSQL is backed up with pg_dump. */
  database: "sqlite" | "postgresql";
  /** What applies instead of built-in backups (on PostgreSQL); null on SQLite. */
  note: string | null;
}

export type AlertSubjectState = "up" | "down" | "ok" | "failed";

export interface AlertDto {
  /** `endpoint:<id>` or `backup`. */
  subject: string;
  state: AlertSubjectState;
  /** True for a bad state (down, failed); false for a recovery. */
  problem: boolean;
  title: string;
  message: string;
  since: string;
}
