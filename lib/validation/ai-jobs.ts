import { z } from "zod";

export const parsePrdInput = z.strictObject({
  prd: z.string().trim().min(20, "Paste a requirements document (at least a few sentences)").max(400_000),
  numTasks: z.number().int().min(1).max(100).optional(),
  mode: z.enum(["append", "replace"]).default("append"),
  apply: z.boolean().default(false),
});
