// POST /api/v1/me/password — change your own password; your other sessions are signed out
import { changePassword } from "@/lib/auth/users";
import { clientAddress } from "@/lib/http/client-address";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withActor("POST /me/password", async (req, actor, _params, body) =>
  json(await changePassword(actor, body, clientAddress(req.headers))),
);
