// The report page's period presets, as the dates it sends. Pure, so the page and tests agree.
import { addDays, type Ymd } from "./calendar";

export const PRESETS = [
  { id: "7d", label: "Last 7 days" },
  { id: "14d", label: "Last 14 days" },
  { id: "30d", label: "Last 30 days" },
  { id: "month", label: "This month" },
  { id: "all", label: "All time" },
  { id: "custom", label: "Custom…" },
] as const;

export type PresetId = (typeof PRESETS)[number]["id"];

/**
 * "Last N days" are N calendar days including today; every preset runs up to now (no `to`).
 * `today` and `projectStart` are civil dates in the reader's time zone.
 */
export function presetRange(preset: Exclude<PresetId, "custom">, today: Ymd, projectStart: Ymd): { from: Ymd } {
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6) };
    case "14d":
      return { from: addDays(today, -13) };
    case "30d":
      return { from: addDays(today, -29) };
    case "month":
      return { from: `${today.slice(0, 8)}01` };
    case "all":
      return { from: projectStart < today ? projectStart : today };
  }
}

/** A custom range's problem in words, or null when the server will accept it as far as the page can tell. */
export function customRangeProblem(from: string, to: string, today: Ymd): string | null {
  if (!from || !to) return "Choose both dates.";
  if (from > to) return "The start date is after the end date.";
  if (from > today) return "The period starts in the future.";
  return null;
}

/** The civil date of an instant on this device's clock. */
export function localDay(d: Date = new Date()): Ymd {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
