// GET|POST /api/v1/tokens — list your API tokens; create one (with email+password, or signed in)
import { createTokenFromRequest, listTokens } from "@/lib/auth/tokens";
import { clientAddress } from "@/lib/http/client-address";
import { actorFromRequest, withActor, withPublic } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const GET = withActor(async (_req, actor) => json({ tokens: await listTokens(actor) }));
export const POST = withPublic(async (req) =>
  json(await createTokenFromRequest(await readJson(req), () => actorFromRequest(req), clientAddress(req.headers)), 201),
);
