// PATCH /api/v1/users/:userId — the admin disables or enables an account ({"disabled": true})
import { updateUser } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const PATCH = withActor<{ userId: string }>("PATCH /users/{userId}", async (_req, actor, { userId }, body) =>
  json({ user: await updateUser(actor, userId, body) }),
);
