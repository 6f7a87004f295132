import "server-only";
import { AppError, isAppError, type ErrorEnvelope } from "@/lib/errors";

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/**
 * The one mapping from errors to HTTP, for JSON responses and streamed `error` events alike:
 * typed errors keep their code, message and details; anything else is a 500 that leaks nothing.
 */
export function mapError(e: unknown): { status: number; body: ErrorEnvelope } {
  let err: AppError;
  if (isAppError(e)) err = e;
  // A unique constraint race (two identical creates at once) is a conflict, not a crash.
  else if (e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "P2002") err = new AppError("conflict", "That already exists");
  else {
    console.error("[cairn] unexpected error", e);
    err = new AppError("internal", "Something went wrong on the server");
  }
  return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
}

export function errorResponse(e: unknown): Response {
  const { status, body } = mapError(e);
  return json(body, status);
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
