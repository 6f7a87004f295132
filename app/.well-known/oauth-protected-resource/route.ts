// GET /.well-known/oauth-protected-resource — RFC 9728 metadata for the MCP endpoint
import { protectedResourceMetadata } from "@/lib/mcp/http";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return Response.json(protectedResourceMetadata(req), { headers: { "cache-control": "public, max-age=3600" } });
}
