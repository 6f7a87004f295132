// GET|POST /api/v1/tokens — list your API tokens; create one (with email+password, or signed in)
import { createToken, createTokenWithCredentials, listTokens } from "@/lib/auth/tokens";
import { actorFromRequest, withActor, withPublic } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const GET = withActor(async (_req, actor) => json({ tokens: await listTokens(actor) }));

export const POST = withPublic(async (req) => {
  const body = await readJson(req);
  // Scripts bootstrap with credentials; the settings page creates tokens for the signed-in user.
  const hasCredentials = typeof body === "object" && body !== null && ("email" in body || "password" in body);
  const result = hasCredentials ? await createTokenWithCredentials(body) : await createToken(await actorFromRequest(req), body);
  return json(result, 201);
});
