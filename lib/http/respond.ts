import { isAppError } from "@/lib/errors";
import { BODY_LIMITS, readJsonBody, type BodyLimits } from "./body";

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** The one mapping from errors to HTTP: typed errors keep their code; anything else leaks nothing. */
export function errorResponse(e: unknown): Response {
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

/** Reads a JSON body within the default JSON limits (lib/http/body.ts says which). */
export async function readJson(req: Request, limits: BodyLimits = BODY_LIMITS.json): Promise<unknown> {
  return readJsonBody(req, limits);
}

export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
