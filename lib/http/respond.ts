import "server-only";
import { databaseError } from "@/lib/db-errors";
import { AppError, isAppError, type ErrorEnvelope } from "@/lib/errors";
import { BODY_LIMITS, readJsonBody, type BodyLimits } from "./body";

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/**
 * The one mapping from errors to HTTP, for JSON responses and streamed `error` events alike:
 * typed errors keep their code, message and details; a busy or failing database is a 503 that
 * says so; anything else is a 500 that leaks nothing.
 */
export function mapError(e: unknown): { status: number; body: ErrorEnvelope } {
  let err: AppError;
  const dbError = databaseError(e);
  if (dbError) err = dbError;
  else if (isAppError(e)) err = e;
  // A unique constraint race (two identical creates at once) is a conflict, not a crash.
  else if (e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "P2002")
    err = new AppError("conflict", "That already exists");
  else {
    console.error("[cairn] unexpected error", e);
    err = new AppError("internal", "Something went wrong on the server");
  }
  return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
}

export function errorResponse(e: unknown): Response {
  const { status, body } = mapError(e);
  // Throttled and busy answers say when to come back.
  const retry = (body.error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return json(body, status, typeof retry === "number" ? { "retry-after": String(retry) } : undefined);
}

/** Reads a JSON body within the default JSON limits (lib/http/body.ts says which). */
export async function readJson(req: Request, limits: BodyLimits = BODY_LIMITS.json): Promise<unknown> {
  return readJsonBody(req, limits);
}

export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
