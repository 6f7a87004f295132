import type { Listed } from "./types";

export function capped<T>(all: T[], limit: number): Listed<T> {
  return { items: all.slice(0, limit), total: all.length };
}
