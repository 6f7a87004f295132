// State changes an admin must hear about — an AI endpoint going down or coming back, a backup
// failing or working again — shown as a banner to admins and, when a notification URL is set,
// POSTed once per change in ntfy's format (plain-text body, Title/Priority/Tags headers). The
// last state of each subject is kept in the database, so a restart neither forgets nor resends.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { readBackupSettings } from "./settings";
import type { AlertDto, AlertSubjectState } from "./types";

const PREFIX = "alert.";
/** A recovery stays in the banner this long (a problem stays until it is over). */
const RECOVERY_SHOWN_MS = 24 * 3600_000;
const NOTIFY_TIMEOUT_MS = 10_000;

const PROBLEM_STATES = new Set<AlertSubjectState>(["down", "failed"]);

interface Stored {
  state: AlertSubjectState;
  since: string;
  title: string;
  message: string;
  /** A good state that ended a problem: only these are news worth a banner. */
  recovered?: boolean;
}

export interface StateChange {
  state: AlertSubjectState;
  title: string;
  message: string;
}

function parse(value: string): Stored | null {
  try {
    const v = JSON.parse(value) as Stored;
    return typeof v?.state === "string" && typeof v.since === "string" ? v : null;
  } catch {
    return null;
  }
}

/**
 * Records the current state of `subject`; on a change, notifies (once). The first state ever seen
 * is only recorded when it is a good one: "the endpoint is up" is no news.
 * @returns whether this was a change that was announced
 */
export async function recordState(subject: string, next: StateChange, now = new Date()): Promise<boolean> {
  const key = PREFIX + subject;
  const changed = await inTransaction(async (tx) => {
    const row = await tx.instanceSetting.findUnique({ where: { key } });
    const prev = row ? parse(row.value) : null;
    if (prev?.state === next.state) return false;
    const recovered = !PROBLEM_STATES.has(next.state) && prev !== null && PROBLEM_STATES.has(prev.state);
    const value = JSON.stringify({ ...next, since: now.toISOString(), ...(recovered ? { recovered } : {}) } satisfies Stored);
    await tx.instanceSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
    return prev !== null || PROBLEM_STATES.has(next.state);
  });
  if (changed) await notify(next);
  return changed;
}

/** The last recorded state of `subject`, or null. */
export async function currentState(subject: string): Promise<Stored | null> {
  const row = await db.instanceSetting.findUnique({ where: { key: PREFIX + subject } });
  return row ? parse(row.value) : null;
}

/** POSTs one ntfy-compatible message; a failure is logged, never retried (at most once per change). */
async function notify(change: StateChange): Promise<void> {
  const { notifyUrl } = await readBackupSettings();
  if (!notifyUrl) return;
  const problem = PROBLEM_STATES.has(change.state);
  try {
    const res = await fetch(notifyUrl, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        // HTTP headers carry Latin-1 only; ntfy reads RFC 2047 for anything else.
        Title: headerSafe(change.title),
        Priority: problem ? "high" : "default",
        Tags: problem ? "warning,cairn" : "white_check_mark,cairn",
      },
      body: change.message,
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    if (!res.ok) console.error(`[cairn] the notification URL answered HTTP ${res.status}`);
    await res.body?.cancel().catch(() => undefined);
  } catch (e) {
    console.error(`[cairn] could not send a notification: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function headerSafe(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;
}

/**
 * What the admin banner shows: every current problem, and recoveries of the last day. A good
 * state that never followed a problem (the first check of an endpoint that is up, the first
 * backup) is kept to compare against, but it is not news: no banner.
 */
export async function listAlerts(actor: Actor, now = new Date()): Promise<AlertDto[]> {
  requireAdmin(actor);
  const rows = await db.instanceSetting.findMany({ where: { key: { startsWith: PREFIX } } });
  const out: AlertDto[] = [];
  for (const row of rows) {
    const s = parse(row.value);
    if (!s) continue;
    const problem = PROBLEM_STATES.has(s.state);
    if (!problem && (!s.recovered || now.getTime() - new Date(s.since).getTime() > RECOVERY_SHOWN_MS)) continue;
    out.push({ subject: row.key.slice(PREFIX.length), state: s.state, problem, title: s.title, message: s.message, since: s.since });
  }
  return out.sort((a, b) => Number(b.problem) - Number(a.problem) || b.since.localeCompare(a.since));
}
