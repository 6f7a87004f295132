import { z } from "zod";
import { text } from "./common";

/** ⌘K search across the projects the actor can see: refs ("#26", "26", "26.3"), title words, project names. */
export const searchQuery = z.strictObject({
  q: text.max(200).default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.input<typeof searchQuery>;

/** Tasks assigned to the actor across projects: open ones by default, or every one. */
export const myTasksQuery = z.strictObject({
  include: z.enum(["open", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type MyTasksQuery = z.input<typeof myTasksQuery>;
