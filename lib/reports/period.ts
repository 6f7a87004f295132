import { invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import { reportInput, type ReportInput } from "@/lib/validation/reports";
import { addDays, isTimeZone, startOfDay } from "./calendar";
import type { ReportPeriod } from "./stats";

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 14;
/** Three years (and a leap day): anything longer is a mistake, not a report. */
export const MAX_PERIOD_DAYS = 3 * 365 + 1;

// Report input problems are invalid input like any other (422).
const bad = invalid;

export function parseReportInput(raw: unknown): ReportInput {
  return parseInput(reportInput, raw);
}

/**
 * The period as instants. A date for `from` means the start of that day and for `to` the end of
 * it, in the report's time zone. Defaults: up to now, 14 days back.
 */
export function resolvePeriod(input: ReportInput, now: number): ReportPeriod {
  const timeZone = input.timeZone ?? "UTC";
  if (!isTimeZone(timeZone)) throw bad(`timeZone: "${timeZone}" is not a known time zone (use an IANA name such as Europe/Berlin, or UTC)`);
  const to = !input.to ? now : input.to.kind === "instant" ? input.to.ms : startOfDay(addDays(input.to.day, 1), timeZone) - 1;
  const from = !input.from
    ? to - DEFAULT_PERIOD_DAYS * DAY_MS
    : input.from.kind === "instant"
      ? input.from.ms
      : startOfDay(input.from.day, timeZone);
  const show = (ms: number) => new Date(ms).toISOString();
  if (from > to) throw bad(`from must not be after to: ${show(from)} is after ${show(to)}`);
  if (to - from > MAX_PERIOD_DAYS * DAY_MS) {
    throw bad(`The period is ${Math.ceil((to - from) / DAY_MS)} days long; reports cover at most three years (${MAX_PERIOD_DAYS} days)`);
  }
  if (from > now) throw bad(`The period starts in the future (${show(from)}); there is nothing to report yet`);
  return { from, to, now, timeZone };
}
