// PATCH /api/v1/users/:userId — the admin disables or enables an account ({"disabled": true})
import { updateUser } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const PATCH = withActor<{ userId: string }>(async (req, actor, { userId }) => json({ user: await updateUser(actor, userId, await readJson(req)) }));
