import { z } from "zod";
import { TASK_LIMITS } from "./limits";

export const TASK_STATUSES = ["pending", "in-progress", "review", "done", "deferred", "cancelled"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high", "critical"] as const;
export const ROLES = ["owner", "editor", "viewer"] as const;
/** `read` reads, `write` changes project data, `admin` (only on an admin's token) runs the instance. */
export const TOKEN_SCOPES = ["read", "write", "admin"] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type Role = (typeof ROLES)[number];
export type TokenScope = (typeof TOKEN_SCOPES)[number];

// A lone UTF-16 surrogate ("\ud800" in JSON) is not text: it cannot be stored or encoded as UTF-8.
const LONE_SURROGATE = /\p{Cs}/u;
export const NOT_UNICODE_MESSAGE = "is not valid Unicode text (it holds an unpaired surrogate)";

export const isWellFormedText = (s: string) => !LONE_SURROGATE.test(s);

/** Every free-text field starts from this string: well-formed Unicode only (422 otherwise). */
export const text = z.string().refine(isWellFormedText, { message: NOT_UNICODE_MESSAGE, abort: true });

export const taskStatus = z.enum(TASK_STATUSES);
export const taskPriority = z.enum(TASK_PRIORITIES);
export const role = z.enum(ROLES);

/** "12", "12.3", "#12" or the number 12 → canonical "12" / "12.3". */
export const taskRef = z.union([z.string(), z.number().int().positive()]).transform((v, ctx) => {
  const s = String(v).trim().replace(/^#/, "");
  if (!/^[1-9]\d{0,8}(\.[1-9]\d{0,5})?$/.test(s)) {
    ctx.addIssue({ code: "custom", message: `"${String(v)}" is not a task ref (use 12 or 12.3)` });
    return z.NEVER;
  }
  return s;
});

export const id = text.min(1).max(64);
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address" }))
  .pipe(z.string().max(254));
export const password = text.min(10, "Password must be at least 10 characters").max(200);
export const personName = text.trim().min(1, "Name is required").max(100);

export const label = text.trim().min(1).max(TASK_LIMITS.labelLength);
export const labels = z.array(label).max(TASK_LIMITS.labelCount);

/** Accepts an ISO date or date-time; null clears. */
export const dueDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true }), z.null()])
  .transform((v) => (v === null ? null : new Date(v)));

export const boolFromQuery = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
