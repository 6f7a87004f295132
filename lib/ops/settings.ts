import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { backupSettingsInput } from "@/lib/validation/ops";
import { parseInput } from "@/lib/validation/parse";
import type { BackupSettingsDto } from "./types";

const KEYS = { intervalHours: "backup.intervalHours", keep: "backup.keep", notifyUrl: "alerts.notifyUrl" } as const;
export const DEFAULT_INTERVAL_HOURS = 24;
export const DEFAULT_KEEP = 7;

function envNumber(name: string, min: number): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

/** Stored settings (the instance settings table) with CAIRN_BACKUP_INTERVAL_HOURS, CAIRN_BACKUP_KEEP and CAIRN_NOTIFY_URL laid over them. */
export async function readBackupSettings(): Promise<BackupSettingsDto> {
  const rows = await db.instanceSetting.findMany({ where: { key: { in: Object.values(KEYS) } } });
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const num = (key: string, fallback: number) => {
    const n = Number(stored.get(key));
    return stored.has(key) && Number.isInteger(n) ? n : fallback;
  };
  const fromEnvironment: string[] = [];
  let intervalHours = num(KEYS.intervalHours, DEFAULT_INTERVAL_HOURS);
  let keep = num(KEYS.keep, DEFAULT_KEEP);
  let notifyUrl = stored.get(KEYS.notifyUrl) || null;
  const envInterval = envNumber("CAIRN_BACKUP_INTERVAL_HOURS", 0);
  if (envInterval !== undefined) {
    intervalHours = envInterval;
    fromEnvironment.push("CAIRN_BACKUP_INTERVAL_HOURS");
  }
  const envKeep = envNumber("CAIRN_BACKUP_KEEP", 1);
  if (envKeep !== undefined) {
    keep = envKeep;
    fromEnvironment.push("CAIRN_BACKUP_KEEP");
  }
  const envUrl = process.env.CAIRN_NOTIFY_URL?.trim();
  if (envUrl) {
    notifyUrl = envUrl;
    fromEnvironment.push("CAIRN_NOTIFY_URL");
  }
  return { intervalHours, keep, notifyUrl, fromEnvironment };
}

export async function updateBackupSettings(actor: Actor, raw: unknown): Promise<BackupSettingsDto> {
  requireAdmin(actor);
  const input = parseInput(backupSettingsInput, raw);
  const writes: { key: string; value: string | null }[] = [];
  if (input.intervalHours !== undefined) writes.push({ key: KEYS.intervalHours, value: String(input.intervalHours) });
  if (input.keep !== undefined) writes.push({ key: KEYS.keep, value: String(input.keep) });
  if (input.notifyUrl !== undefined) writes.push({ key: KEYS.notifyUrl, value: input.notifyUrl });
  await db.$transaction(
    writes.map(({ key, value }) =>
      value === null
        ? db.instanceSetting.deleteMany({ where: { key } })
        : db.instanceSetting.upsert({ where: { key }, create: { key, value }, update: { value } }),
    ),
  );
  return readBackupSettings();
}
