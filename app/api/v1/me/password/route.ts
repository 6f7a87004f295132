// POST /api/v1/me/password — change your own password; your other sessions are signed out
import { changePassword } from "@/lib/auth/users";
import { clientAddress } from "@/lib/http/client-address";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const POST = withActor(async (req, actor) => json(await changePassword(actor, await readJson(req), clientAddress(req.headers))));
