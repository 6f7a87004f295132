// GET|POST /api/v1/tokens — list your API tokens; create one (with email+password, or signed in)
import { createTokenFromRequest, listTokens } from "@/lib/auth/tokens";
import { clientAddress } from "@/lib/http/client-address";
import { actorFromRequest, withActor, withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /tokens", async (_req, actor) => json({ tokens: await listTokens(actor) }));
export const POST = withPublic("POST /tokens", async (req, _params, body) =>
  json(await createTokenFromRequest(body, () => actorFromRequest(req), clientAddress(req.headers)), 201),
);
