// GET /api/v1/openapi.json — the API contract, generated from the validation schemas
import { openApiDocument } from "@/lib/http/openapi";
import { json } from "@/lib/http/respond";

export const dynamic = "force-static";

export function GET() {
  return json(openApiDocument());
}
