// GET /api/v1/me — the acting user
import { getUser } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /me", async (_req, actor) =>
  json({ user: await getUser(actor.userId), scopes: actor.tokenScopes ?? null }),
);
