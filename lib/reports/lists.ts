import type { Listed } from "./stats";

export function capped<T>(all: T[], limit: number): Listed<T> {
  return { items: all.slice(0, limit), total: all.length };
}

/** "12" < "12.3" < "13", as plan order. */
export function compareRefStrings(a: string, b: string): number {
  const [an, as] = a.split(".").map(Number);
  const [bn, bs] = b.split(".").map(Number);
  return (an ?? 0) - (bn ?? 0) || (as ?? 0) - (bs ?? 0);
}
