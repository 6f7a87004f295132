// GET|POST /api/v1/users — the admin lists and creates accounts
import { createUser, listUsers } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /users", async (_req, actor) => json({ users: await listUsers(actor) }));
export const POST = withActor("POST /users", async (_req, actor, _params, body) => json({ user: await createUser(actor, body) }, 201));
