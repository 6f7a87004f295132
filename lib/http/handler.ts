import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import { sessionActor } from "@/lib/auth/session";
import { actorFromToken } from "@/lib/auth/tokens";
import { dbReady } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { observeRequest } from "@/lib/ops/metrics";
import { BODY_LIMITS, isJsonContentType, readBodyText, readJsonBody } from "./body";
import { isAllowedOrigin } from "./origin";
import { errorResponse } from "./respond";
import { ROUTES, type ActorRouteKey, type PublicRouteKey, type RouteSpec } from "./routes";

type Params = Record<string, string>;
interface Ctx<P extends Params> {
  params: Promise<P>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const crossSite = () =>
  new AppError("forbidden", "Cross-site request refused: this request must come from a Cairn page (its Origin is not this Cairn's)");

/** The browser says where the request came from: a matching Origin, or Sec-Fetch-Site: same-origin. */
function fromOwnPage(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== "null" && isAllowedOrigin(origin, req.headers)) return true;
  return req.headers.get("sec-fetch-site") === "same-origin";
}

/**
 * A cookie rides along on requests any other site makes, so a cookie-authenticated write must
 * prove it came from one of Cairn's own pages. Bearer tokens are never sent by a browser on its
 * own and need no such proof.
 */
export function assertSameOrigin(req: Request): void {
  if (!SAFE_METHODS.has(req.method) && !fromOwnPage(req)) throw crossSite();
}

function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new AppError("unauthenticated", "Authorization header must be: Bearer <token>");
  return m[1]!;
}

/** The acting user from a bearer API token, else from the browser session (same-origin writes only). */
export async function actorFromRequest(req: Request): Promise<Actor> {
  const token = bearerToken(req);
  if (token !== null) return actorFromToken(token);
  const actor = await sessionActor();
  if (!actor) throw new AppError("unauthenticated", "Sign in or send an API token");
  assertSameOrigin(req);
  return actor;
}

/** Counts the answer under the route's key (never the raw path, which carries ids) and times it. */
async function measured(key: string, run: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const res = await run();
  observeRequest(key, res.status, (performance.now() - started) / 1000);
  return res;
}

async function readRawJsonText(req: Request, spec: RouteSpec & { body: "json" | "large" }): Promise<string> {
  if (!isJsonContentType(req)) {
    throw new AppError("invalid", "Send the body as JSON with Content-Type: application/json", { limit: "contentType" }, 415);
  }
  return readBodyText(req, BODY_LIMITS[spec.body]);
}

function readBody(req: Request, spec: RouteSpec): Promise<unknown> | undefined {
  if (spec.body === "none") return undefined;
  if (spec.rawBody) return readRawJsonText(req, { ...spec, body: spec.body });
  return readJsonBody(req, BODY_LIMITS[spec.body]);
}

/**
 * Wraps a route handler that needs an actor, with its declaration from lib/http/routes.ts: the
 * token's scope, the cross-site rule and the body (read within the route's limits) are settled
 * before the handler runs. Handlers simply throw; errors are mapped once.
 */
export function withActor<P extends Params = Params>(
  key: ActorRouteKey,
  handler: (req: Request, actor: Actor, params: P, body: unknown) => Promise<Response>,
) {
  const spec: RouteSpec = ROUTES[key];
  return (req: Request, ctx: Ctx<P>): Promise<Response> =>
    measured(key, async () => {
      try {
        await dbReady();
        const actor = await actorFromRequest(req);
        requireScope(actor, spec.scope);
        const body = await readBody(req, spec);
        return await handler(req, actor, await ctx.params, body);
      } catch (e) {
        return errorResponse(e);
      }
    });
}

/**
 * For the few public endpoints (sign-up, token bootstrap). No sign-in is needed, but a browser
 * that says the request comes from another site is refused all the same.
 */
export function withPublic<P extends Params = Params>(
  key: PublicRouteKey,
  handler: (req: Request, params: P, body: unknown) => Promise<Response>,
) {
  const spec: RouteSpec = ROUTES[key];
  return (req: Request, ctx: Ctx<P>): Promise<Response> =>
    measured(key, async () => {
      try {
        await dbReady();
        if (spec.bearer === false && req.headers.has("authorization")) {
          throw new AppError("forbidden", "An API token cannot be used here: sign in, or send your email and password");
        }
        const origin = req.headers.get("origin");
        if (!SAFE_METHODS.has(req.method) && origin !== null && !fromOwnPage(req)) throw crossSite();
        const body = await readBody(req, spec);
        return await handler(req, await ctx.params, body);
      } catch (e) {
        return errorResponse(e);
      }
    });
}
