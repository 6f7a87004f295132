import { z } from "zod";
import { text } from "./common";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A calendar date (the whole day, in the report's time zone) or an instant with its offset. */
export type ReportDate = { kind: "day"; day: string } | { kind: "instant"; ms: number };

const reportDate = z.string().transform((raw, ctx): ReportDate => {
  const s = raw.trim();
  const year = Number(s.slice(0, 4));
  if ((DATE.test(s) || DATE_TIME.test(s)) && (year < 1970 || year > 9999)) {
    ctx.addIssue({ code: "custom", message: `"${raw.slice(0, 40)}" is out of range (years 1970 to 9999)` });
    return z.NEVER;
  }
  if (DATE.test(s)) {
    // Date.parse accepts 2026-02-30 and rolls it over; a real date survives the round trip.
    const ms = Date.parse(`${s}T00:00:00Z`);
    if (Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s) return { kind: "day", day: s };
  } else if (DATE_TIME.test(s)) {
    const ms = Date.parse(s);
    const [y, m, d] = s.slice(0, 10).split("-").map(Number);
    if (Number.isFinite(ms) && m! >= 1 && m! <= 12 && d! >= 1 && d! <= new Date(Date.UTC(y!, m!, 0)).getUTCDate())
      return { kind: "instant", ms };
  }
  ctx.addIssue({
    code: "custom",
    message: `"${raw.slice(0, 40)}" is not a valid date (use 2026-11-26, or a date-time with its offset such as 2026-11-26T09:00:00Z)`,
  });
  return z.NEVER;
});

export const reportInput = z.strictObject({
  from: reportDate
    .optional()
    .describe("Start of the period: a date (from the start of that day) or a date-time. Default: 14 days before `to`."),
  to: reportDate.optional().describe("End of the period: a date (to the end of that day) or a date-time. Default: now."),
  narrative: z.boolean().optional().describe("Ask the fast model for a short narrative; the figures never depend on it."),
  timeZone: text.trim().min(1).max(64).optional().describe('IANA time zone for days and weeks, e.g. "Europe/Berlin". Default: UTC.'),
});

export const reportListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export type ReportInput = z.output<typeof reportInput>;
