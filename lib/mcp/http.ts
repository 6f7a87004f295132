// POST /api/mcp: MCP Streamable HTTP, stateless (a server and a transport per request), bearer
// API tokens. The spec's DNS-rebinding rule: a request whose Origin is not Cairn's own is refused.
import "server-only";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Actor } from "@/lib/auth/actor";
import { actorFromToken } from "@/lib/auth/tokens";
import { dbReady } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { BODY_LIMITS, checkJsonShape, readBodyText } from "@/lib/http/body";
import { isAllowedOrigin, ownOrigins, requestOrigin } from "@/lib/http/origin";
import { errorResponse } from "@/lib/http/respond";
import { buildMcpServer } from "./server";
import { selectTools, visibleTo, whyUnavailable } from "./tools";

export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

/** The origin clients reach Cairn at (NEXTAUTH_URL's), else the one this request was sent to. */
export function publicOrigin(req: Request): string {
  return ownOrigins()[0] ?? requestOrigin(req.headers) ?? new URL(req.url).origin;
}

/** RFC 9728 protected resource metadata: the resource, and that bearer tokens go in the header. */
export function protectedResourceMetadata(req: Request) {
  const origin = publicOrigin(req);
  return { resource: `${origin}/api/mcp`, resource_name: "Cairn", bearer_methods_supported: ["header"] };
}

function rpcError(status: number, code: number, message: string, headers?: HeadersInit): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });
}

function unauthorized(req: Request, message: string): Response {
  const res = errorResponse(new AppError("unauthenticated", message));
  res.headers.set("WWW-Authenticate", `Bearer resource_metadata="${publicOrigin(req)}${PROTECTED_RESOURCE_PATH}"`);
  return res;
}

type RpcMessage = {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: { name?: string; _meta?: { progressToken?: unknown } };
};

export async function handleMcpPost(req: Request): Promise<Response> {
  const origin = req.headers.get("origin");
  if (origin && !isAllowedOrigin(origin)) return rpcError(403, -32000, `Forbidden: requests from ${origin.slice(0, 100)} are not accepted`);

  await dbReady();
  const header = req.headers.get("authorization");
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m)
    return unauthorized(
      req,
      header
        ? "Authorization header must be: Bearer <API token>"
        : "Send an API token: Authorization: Bearer <token> (Settings → Account → API tokens)",
    );
  let actor: Actor;
  try {
    actor = await actorFromToken(m[1]!);
  } catch (e) {
    if (isAppError(e) && e.code === "unauthenticated") return unauthorized(req, e.message);
    return errorResponse(e);
  }

  let offered;
  try {
    offered = visibleTo(actor, selectTools(new URL(req.url).searchParams.get("tools")));
  } catch (e) {
    return errorResponse(e);
  }

  // The same limits as every JSON route: read as a stream with a cap, then depth and array sizes.
  let body: unknown;
  try {
    const text = await readBodyText(req, BODY_LIMITS.json);
    try {
      body = JSON.parse(text);
    } catch {
      return rpcError(400, -32700, "Parse error: the body is not valid JSON");
    }
    checkJsonShape(body, BODY_LIMITS.json);
  } catch (e) {
    return rpcError(isAppError(e) ? e.status : 400, -32600, isAppError(e) ? e.message : "The request body could not be read");
  }

  // A call to a tool this connection does not offer gets a result that says why (read-only
  // token, or another tier), rather than a bare "not found".
  const single = !Array.isArray(body) && body && typeof body === "object" ? (body as RpcMessage) : null;
  if (single?.method === "tools/call" && single.id !== undefined && typeof single.params?.name === "string") {
    const why = whyUnavailable(actor, offered, single.params.name);
    if (why) return Response.json({ jsonrpc: "2.0", id: single.id, result: { content: [{ type: "text", text: why }], isError: true } });
  }

  // Progress notifications need a stream; everything else is one plain JSON answer.
  const messages = (Array.isArray(body) ? body : [body]) as RpcMessage[];
  const wantsProgress = messages.some((msg) => msg?.params?._meta?.progressToken !== undefined);
  const server = buildMcpServer(actor, offered, { signal: req.signal });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !wantsProgress });
  await server.connect(transport);
  const res = await transport.handleRequest(req, {
    parsedBody: body,
    authInfo: { token: m[1]!, clientId: actor.userId, scopes: [...(actor.tokenScopes ?? [])] },
  });
  if (!wantsProgress) await server.close();
  return res;
}

export function methodNotAllowed(): Response {
  return rpcError(405, -32000, "Method not allowed: this server is stateless; send JSON-RPC requests with POST", { Allow: "POST" });
}
