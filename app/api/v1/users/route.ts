// GET|POST /api/v1/users — the admin lists and creates accounts
import { createUser, listUsers } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const GET = withActor(async (_req, actor) => json({ users: await listUsers(actor) }));
export const POST = withActor(async (req, actor) => json({ user: await createUser(actor, await readJson(req)) }, 201));
