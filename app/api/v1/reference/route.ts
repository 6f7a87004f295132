// GET /api/v1/reference — the API contract as a readable page (server-rendered, self-contained)
import { openApiDocument } from "@/lib/http/openapi";
import { renderReference } from "@/lib/http/openapi-reference";

export const dynamic = "force-static";

export function GET() {
  return new Response(renderReference(openApiDocument()), { headers: { "content-type": "text/html; charset=utf-8" } });
}
