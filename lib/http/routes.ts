// Every HTTP route Cairn serves, with what it needs: the one place where scopes, body limits and
// the cross-site rule are declared. Route handlers take their declaration from here by key
// (`withActor("POST /projects/{projectId}/tasks", …)`), a test walks app/api so no route file or
// method is missing, and the scope-matrix spec is generated from this table.
//
// Keys are "METHOD /path": paths relative to /api/v1 as in the OpenAPI document; routes outside
// /api/v1 by their full path.
import type { TokenScope } from "@/lib/validation/common";

export interface RouteSpec {
  /** `public`: no sign-in needed (the handler may still use one); `actor`: a session or an API token. */
  auth: "public" | "actor";
  /** What an API token must carry; `admin` also needs an admin user, whatever the token says. */
  scope: TokenScope;
  /** `none`: the body is never read; `json`: application/json up to 1 MB; `large`: up to 20 MB. */
  body: "none" | "json" | "large";
  /**
   * The handler gets the body as the exact text received (still JSON, within the body limit), to
   * check a signature over it: the GitHub webhook.
   */
  rawBody?: true;
  /** Refuses requests made with an API token (a token never mints a token). */
  bearer?: false;
  /** Served by its own handler, not withActor/withPublic (next-auth with its CSRF token; static documents). */
  own?: string;
  /** Opened only by its own secret from this environment variable as a bearer token, never by an API token or a session (401 otherwise). */
  ownSecret?: string;
}

const read = { auth: "actor", scope: "read", body: "none" } as const;
const write = { auth: "actor", scope: "write", body: "json" } as const;
const writeNoBody = { auth: "actor", scope: "write", body: "none" } as const;
const admin = { auth: "actor", scope: "admin", body: "json" } as const;

export const ROUTES = {
  "GET /api/health": { auth: "public", scope: "read", body: "none", own: "readiness probe: answers even when the database does not" },
  "GET /api/auth/{...nextauth}": { auth: "public", scope: "read", body: "none", own: "next-auth" },
  "POST /api/auth/{...nextauth}": { auth: "public", scope: "write", body: "none", own: "next-auth (its own CSRF token)" },
  "GET /openapi.json": { auth: "public", scope: "read", body: "none", own: "static document" },
  "POST /api/mcp": {
    auth: "actor",
    scope: "read",
    body: "json",
    own: "MCP: bearer token only; each tool declares its scope in lib/mcp/tools",
  },
  "GET /api/mcp": { auth: "public", scope: "read", body: "none", own: "405: this MCP server keeps no stream open" },
  "DELETE /api/mcp": { auth: "public", scope: "read", body: "none", own: "405: stateless, no session to end" },
  "GET /api/metrics": {
    auth: "public",
    scope: "read",
    body: "none",
    own: "Prometheus scrape: 404 unless CAIRN_METRICS_TOKEN is set, then only that bearer token",
    ownSecret: "CAIRN_METRICS_TOKEN",
  },
  "GET /reference": { auth: "public", scope: "read", body: "none", own: "static page rendered from the document" },
  // Paths no route serves answer the JSON 404, whatever the method.
  "GET /{...rest}": { auth: "public", scope: "read", body: "none", own: "JSON 404 for an unknown /api/v1 path" },
  "POST /{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api/v1 path" },
  "PUT /{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api/v1 path" },
  "PATCH /{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api/v1 path" },
  "DELETE /{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api/v1 path" },
  "GET /api/{...rest}": { auth: "public", scope: "read", body: "none", own: "JSON 404 for an unknown /api path" },
  "POST /api/{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api path" },
  "PUT /api/{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api path" },
  "PATCH /api/{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api path" },
  "DELETE /api/{...rest}": { auth: "public", scope: "write", body: "none", own: "JSON 404 for an unknown /api path" },

  "POST /signup": { auth: "public", scope: "write", body: "json" },
  "GET /me": read,
  "GET /me/tasks": read,
  "GET /search": read,
  "POST /me/password": write,
  "DELETE /me/sessions": writeNoBody,
  "PATCH /users/{userId}": admin,
  "GET /invitations": read,
  "POST /invitations/{invitationId}/accept": writeNoBody,
  "POST /invitations/{invitationId}/decline": writeNoBody,
  "GET /projects/{projectId}/invitations": read,
  "DELETE /projects/{projectId}/invitations/{invitationId}": writeNoBody,
  "GET /users": { ...read, scope: "admin" },
  "POST /users": admin,
  "GET /settings": read,
  "PATCH /settings": admin,
  "GET /tokens": read,
  // Email + password, or the signed-in session; never another token.
  "POST /tokens": { auth: "public", scope: "write", body: "json", bearer: false },
  "DELETE /tokens/{tokenId}": writeNoBody,

  "GET /projects": read,
  "POST /projects": write,
  "GET /projects/{projectId}": read,
  "PATCH /projects/{projectId}": write,
  "DELETE /projects/{projectId}": writeNoBody,
  "GET /projects/{projectId}/members": read,
  "POST /projects/{projectId}/members": write,
  "PATCH /projects/{projectId}/members/{userId}": write,
  "DELETE /projects/{projectId}/members/{userId}": writeNoBody,
  "GET /projects/{projectId}/tasks": read,
  "POST /projects/{projectId}/tasks": write,
  "GET /projects/{projectId}/tasks/{ref}": read,
  "PATCH /projects/{projectId}/tasks/{ref}": write,
  "DELETE /projects/{projectId}/tasks/{ref}": writeNoBody,
  "POST /projects/{projectId}/tasks/{ref}/move": write,
  "POST /projects/{projectId}/tasks/{ref}/dependencies": write,
  "DELETE /projects/{projectId}/tasks/{ref}/dependencies/{dependsOnRef}": writeNoBody,
  "GET /projects/{projectId}/tasks/{ref}/notes": read,
  "POST /projects/{projectId}/tasks/{ref}/notes": write,
  "GET /projects/{projectId}/tasks/{ref}/history": read,
  "GET /projects/{projectId}/next": read,
  "GET /projects/{projectId}/overview": read,
  "GET /projects/{projectId}/graph": read,
  "GET /projects/{projectId}/board": read,
  "GET /projects/{projectId}/live": read,
  "GET /projects/{projectId}/dependencies/validate": read,
  "POST /projects/{projectId}/dependencies/fix": writeNoBody,
  "GET /projects/{projectId}/reports": read,
  // Saves a report and may call the model.
  "POST /projects/{projectId}/reports": write,
  "GET /projects/{projectId}/reports/{reportId}": read,
  "GET /projects/{projectId}/export/taskmaster": read,
  "POST /import/taskmaster": { ...write, body: "large" },
  "POST /import/taskmaster/preview": { ...write, body: "large" },

  // AI jobs call the model (and may apply); parse-prd carries the whole PRD.
  "POST /projects/{projectId}/ai/{job}": { ...write, body: "large" },
  "POST /projects/{projectId}/ai/{job}/accept": write,
  // The planning chat is for editors, so even reading a conversation needs the write scope.
  "POST /projects/{projectId}/chat": write,
  "GET /projects/{projectId}/chat/threads": { ...read, scope: "write" },
  "POST /projects/{projectId}/chat/threads": write,
  "GET /projects/{projectId}/chat/threads/{threadId}": { ...read, scope: "write" },
  "PATCH /projects/{projectId}/chat/threads/{threadId}": write,
  "DELETE /projects/{projectId}/chat/threads/{threadId}": writeNoBody,
  "POST /projects/{projectId}/chat/threads/{threadId}/proposals": write,

  // GitHub's webhook: no session; each delivery is signed with the repository link's secret.
  "POST /integrations/github": { auth: "public", scope: "write", body: "large", rawBody: true },
  // Linking repositories is the project owner's (the services check the role).
  "GET /projects/{projectId}/integrations/github": read,
  "POST /projects/{projectId}/integrations/github": write,
  "PATCH /projects/{projectId}/integrations/github/{linkId}": write,
  "DELETE /projects/{projectId}/integrations/github/{linkId}": writeNoBody,
  "POST /projects/{projectId}/integrations/github/{linkId}/rotate": writeNoBody,
  "GET /projects/{projectId}/integrations/github/deliveries": read,
  "POST /projects/{projectId}/integrations/github/deliveries/{logId}/replay": writeNoBody,

  "GET /ai/settings": read,
  "PATCH /ai/settings": admin,
  "GET /ai/status": read,
  "GET /ai/runs": read,
  "POST /ai/test": admin,
  "POST /ai/pull": admin,
  "GET /ai/bench": { ...read, scope: "admin" },
  "POST /ai/bench": admin,
  "GET /ai/bench/{runId}": { ...read, scope: "admin" },
  "POST /ai/bench/{runId}/cancel": { auth: "actor", scope: "admin", body: "none" },
  // Changing what the Ollama server holds: create, delete, load into memory, unload.
  "POST /ai/models": admin,
  "DELETE /ai/models": { auth: "actor", scope: "admin", body: "none" },
  "POST /ai/models/load": admin,
  "POST /ai/models/unload": admin,

  "GET /admin/backups": { ...read, scope: "admin" },
  "POST /admin/backups": { auth: "actor", scope: "admin", body: "none" },
  "GET /admin/backups/{name}": { ...read, scope: "admin" },
  "PATCH /admin/backups/settings": admin,
  "GET /admin/alerts": { ...read, scope: "admin" },
} as const satisfies Record<string, RouteSpec>;

export type RouteKey = keyof typeof ROUTES;
type Auth<K extends RouteKey> = (typeof ROUTES)[K]["auth"];
export type ActorRouteKey = { [K in RouteKey]: Auth<K> extends "actor" ? K : never }[RouteKey];
export type PublicRouteKey = {
  [K in RouteKey]: Auth<K> extends "public" ? ((typeof ROUTES)[K] extends { own: string } ? never : K) : never;
}[RouteKey];

export function routeSpec(key: RouteKey): RouteSpec {
  return ROUTES[key];
}

/** The URL path a key stands for, with its parameters as given (for specs and tools). */
export function routePath(key: RouteKey, params: Record<string, string> = {}): string {
  const path = key.slice(key.indexOf(" ") + 1);
  const full = path.startsWith("/api/") ? path : `/api/v1${path}`;
  return full.replace(/\{(?:\.\.\.)?(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${key}: no value for {${name}}`);
    return encodeURIComponent(v);
  });
}
