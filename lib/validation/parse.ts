import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Every input crosses a schema once, here; failures become one typed error with field details. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input";
  throw new AppError("invalid", message, { issues });
}
