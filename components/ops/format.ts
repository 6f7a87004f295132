import { plural } from "@/lib/plural";

/** "3 minutes ago", "2 days ago": how old a backup or an alert is. */
export function formatAge(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return "just now";
  const units: [number, string][] = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${plural(n, name)} ago`;
    }
  }
  return "just now";
}
