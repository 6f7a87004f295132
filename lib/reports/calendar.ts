// Calendar arithmetic in a named time zone: report days and ISO weeks are the reader's, not
// the server's. Pure; Intl is asked about day boundaries only (a few calls per day of the
// period), never once per event, so a long history stays cheap.

/** A civil date, "2026-11-26". */
export type Ymd = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
export function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The civil date of an instant in the zone. */
export function dayOf(ms: number, timeZone: string): Ymd {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 10);
}

/** The instant a civil day starts in the zone (DST-aware: the offset is re-read at the answer). */
export function startOfDay(day: Ymd, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}

export function addDays(day: Ymd, n: number): Ymd {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(day: Ymd): { key: string; monday: Ymd } {
  const ms = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  const monday = addDays(day, -dow);
  const thursday = Date.parse(`${monday}T00:00:00Z`) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { key: `${year}-W${String(week).padStart(2, "0")}`, monday };
}

export interface DaySpan {
  day: Ymd;
  start: number;
  /** Exclusive: the next day's start. */
  end: number;
}

/** Every civil day from the one holding `from` to the one holding `to`, with their bounds. */
export function daysBetween(from: number, to: number, timeZone: string): DaySpan[] {
  const out: DaySpan[] = [];
  let day = dayOf(from, timeZone);
  const last = dayOf(to, timeZone);
  let start = startOfDay(day, timeZone);
  while (day <= last) {
    const next = addDays(day, 1);
    const end = startOfDay(next, timeZone);
    out.push({ day, start, end });
    day = next;
    start = end;
  }
  return out;
}

/** "2026-11-26 14:03" on the zone's wall clock. */
export function wallTime(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 16).replace("T", " ");
}
