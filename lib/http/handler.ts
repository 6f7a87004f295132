import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { sessionActor } from "@/lib/auth/session";
import { actorFromToken } from "@/lib/auth/tokens";
import { dbReady } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./respond";

type Params = Record<string, string>;
interface Ctx<P extends Params> {
  params: Promise<P>;
}

/** The acting user from a bearer API token, else from the browser session. */
export async function actorFromRequest(req: Request): Promise<Actor> {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AppError("unauthenticated", "Authorization header must be: Bearer <token>");
    return actorFromToken(m[1]!);
  }
  const actor = await sessionActor();
  if (!actor) throw new AppError("unauthenticated", "Sign in or send an API token");
  return actor;
}

/** Wraps a route handler that needs an actor: handlers simply throw; errors are mapped once. */
export function withActor<P extends Params = Params>(
  handler: (req: Request, actor: Actor, params: P) => Promise<Response>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      await dbReady();
      const actor = await actorFromRequest(req);
      return await handler(req, actor, await ctx.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** For the few public endpoints (sign-up, token bootstrap, health). */
export function withPublic<P extends Params = Params>(handler: (req: Request, params: P) => Promise<Response>) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      await dbReady();
      return await handler(req, await ctx.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
