import "server-only";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./respond";

/**
 * What an API path no route serves answers, for any method: the JSON error every other API
 * answer uses (404 not_found), not Next's HTML page.
 */
export async function unknownApiRoute(req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  const hint = pathname.startsWith("/api/v1/") ? " (the API's routes are listed at /api/v1/openapi.json)" : "";
  return errorResponse(new AppError("not_found", `No API route ${req.method} ${pathname.slice(0, 200)}${hint}`));
}
