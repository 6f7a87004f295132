// Dates on the reports page. Civil dates ("2026-03-12") are already the report's days and are
// shown as written; instants are shown on this device's clock.
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const shortDayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });

export const formatDay = (ymd: string) => dayFormat.format(new Date(`${ymd}T00:00:00Z`));
/** "Nov 13 – 26, 2026" for two civil days, or one date when they are the same. */
export const formatDayRange = (first: string, last: string) =>
  first === last ? formatDay(first) : dayFormat.formatRange(new Date(`${first}T00:00:00Z`), new Date(`${last}T00:00:00Z`));
export const formatShortDay = (ymd: string) => shortDayFormat.format(new Date(`${ymd}T00:00:00Z`));

export function formatInstant(
  iso: string,
  opts: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
) {
  return new Date(iso).toLocaleString(undefined, opts);
}

/** "12 Mar 2026", or "2 – 12 Mar 2026" style ranges via the platform's range formatter. */
export function formatInstantRange(fromIso: string, toIso: string): string {
  const f = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
  return f.formatRange(new Date(fromIso), new Date(toIso));
}
