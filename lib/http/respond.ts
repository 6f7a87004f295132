import { databaseError, withRetryAfter } from "@/lib/db-errors";
import { AppError, isAppError } from "@/lib/errors";

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** The one mapping from errors to HTTP: typed errors keep their code; anything else leaks nothing. */
export function errorResponse(e: unknown): Response {
  const dbError = databaseError(e); if (dbError) return withRetryAfter(errorResponse(dbError), dbError);
  if (isAppError(e)) {
    return json({ error: { code: e.code, message: e.message, details: e.details } }, e.status);
  }
  // A unique constraint race (two identical creates at once) is a conflict, not a crash.
  if (e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "P2002") {
    return json({ error: { code: "conflict", message: "That already exists", details: null } }, 409);
  }
  console.error("[cairn] unexpected error", e);
  return json({ error: { code: "internal", message: "Something went wrong on the server", details: null } }, 500);
}

/** Reads a JSON body; unparseable JSON is a 400 with a plain message. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > 5_000_000) throw new AppError("invalid", "Request body is too large (limit 5 MB)", null, 413);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid", "Request body is not valid JSON", null, 400);
  }
}

export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
