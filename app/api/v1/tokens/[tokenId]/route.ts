// DELETE /api/v1/tokens/:tokenId — revoke one of your tokens
import { revokeToken } from "@/lib/auth/tokens";
import { withActor } from "@/lib/http/handler";

export const DELETE = withActor<{ tokenId: string }>("DELETE /tokens/{tokenId}", async (_req, actor, { tokenId }) => {
  await revokeToken(actor, tokenId);
  return new Response(null, { status: 204 });
});
