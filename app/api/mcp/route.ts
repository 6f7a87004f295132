// POST /api/mcp — the MCP server (Streamable HTTP, stateless, bearer API token)
import { handleMcpPost, methodNotAllowed } from "@/lib/mcp/http";
import { errorResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  try {
    return await handleMcpPost(req);
  } catch (e) {
    return errorResponse(e);
  }
}

// No server-initiated stream and no sessions to end: GET and DELETE are refused, never held open.
export const GET = methodNotAllowed;
export const DELETE = methodNotAllowed;
