// Backups inside the app: the schedule, "Back up now", the list and downloads in Settings →
// Backups. The snapshot itself is lib/ops/backup-core.mjs, the same code `npm run backup` runs.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { backupDir } from "@/lib/data-dir";
import { databaseUrl, provider } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { backupNameParam } from "@/lib/validation/ops";
import { parseInput } from "@/lib/validation/parse";
import { currentState, recordState } from "./alerts";
import { listBackupFiles, takeBackup, type BackupFile } from "./backup-core.mjs";
import { readBackupSettings } from "./settings";
import type { BackupDto, BackupOverviewDto } from "./types";

const SUBJECT = "backup";

// One backup at a time per process (the schedule and "Back up now" share it); on globalThis
// because the instrumentation hook and the route handlers are separate module instances.
const g = globalThis as unknown as { cairnBackupRunning?: Promise<BackupDto> };

const toDto = (b: BackupFile): BackupDto => ({ name: b.name, sizeBytes: b.sizeBytes, takenAt: b.takenAt.toISOString() });

/** The backups on disk, newest first. */
export function listBackups(): BackupDto[] {
  return listBackupFiles(backupDir()).map(toDto);
}

/** Seconds since the newest backup, and its size; nulls when there is none. */
export function lastBackup(now = Date.now()): { ageSeconds: number | null; sizeBytes: number | null; count: number } {
  const all = listBackupFiles(backupDir());
  const newest = all[0];
  return {
    ageSeconds: newest ? Math.max(0, Math.round((now - newest.takenAt.getTime()) / 1000)) : null,
    sizeBytes: newest?.sizeBytes ?? null,
    count: all.length,
  };
}

/**
 * Built-in backups copy the SQLite file. On PostgreSQL the database lives on its server, and the
 * server's own tools back it up: Cairn says so instead of pretending.
 */
export const POSTGRES_BACKUP_NOTE =
  "Cairn runs on PostgreSQL here: its built-in backups copy the SQLite file and do not apply. Back up the database with " +
  'pg_dump (for example pg_dump -Fc "$DATABASE_URL" > cairn.dump, restored with pg_restore), or with your PostgreSQL ' +
  "server's own backups.";

/** Takes a backup now (or joins the one under way); a failure is recorded and announced once. */
export function runBackup(): Promise<BackupDto> {
  if (provider === "postgresql") return Promise.reject(new AppError("conflict", POSTGRES_BACKUP_NOTE));
  g.cairnBackupRunning ??= (async () => {
    const { keep } = await readBackupSettings();
    const databaseFile = databaseUrl().replace(/^file:/, "");
    try {
      const b = await takeBackup({ databaseFile, dir: backupDir(), keep });
      await recordState(SUBJECT, { state: "ok", title: "Cairn backups work again", message: `Backup ${b.name} was written and checked.` });
      return toDto(b);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await recordState(SUBJECT, { state: "failed", title: "A Cairn backup failed", message }).catch(() => undefined);
      throw new AppError("unavailable", message);
    }
  })().finally(() => {
    g.cairnBackupRunning = undefined;
  });
  return g.cairnBackupRunning;
}

export async function backUpNow(actor: Actor): Promise<BackupDto> {
  requireAdmin(actor);
  return runBackup();
}

/** Is a scheduled backup due? None yet, or the newest is at least one interval old. */
export async function backupDue(now = Date.now()): Promise<boolean> {
  if (provider === "postgresql") return false;
  const { intervalHours } = await readBackupSettings();
  if (intervalHours <= 0) return false;
  const { ageSeconds } = lastBackup(now);
  return ageSeconds === null || ageSeconds >= intervalHours * 3600;
}

export async function backupOverview(actor: Actor, now = Date.now()): Promise<BackupOverviewDto> {
  requireAdmin(actor);
  const settings = await readBackupSettings();
  const backups = listBackups();
  const newest = backups[0];
  const state = await currentState(SUBJECT);
  // With the schedule off, "stale" still means: older than twice the default day.
  const intervalMs = (settings.intervalHours > 0 ? settings.intervalHours : 24) * 3600_000;
  return {
    backups,
    settings,
    directory: backupDir(),
    lastGoodAt: newest?.takenAt ?? null,
    lastFailure: state?.state === "failed" ? { at: state.since, message: state.message } : null,
    stale: provider === "sqlite" && (!newest || now - new Date(newest.takenAt).getTime() > 2 * intervalMs),
    database: provider,
    note: provider === "postgresql" ? POSTGRES_BACKUP_NOTE : null,
  };
}

/** A backup file as a download stream; the name must be one Cairn writes, so no path leaves the folder. */
export async function openBackup(
  actor: Actor,
  rawName: string,
): Promise<{ name: string; sizeBytes: number; body: ReadableStream<Uint8Array> }> {
  requireAdmin(actor);
  const name = parseInput(backupNameParam, rawName);
  const dir = backupDir();
  const file = path.join(dir, name);
  if (path.dirname(file) !== dir) throw notFound("Backup");
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw notFound("Backup");
  }
  if (!st.isFile()) throw notFound("Backup");
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
  return { name, sizeBytes: st.size, body };
}
