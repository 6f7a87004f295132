// POST /api/v1/signup — create an account (the first becomes admin; later ones need open sign-up)
import { signUp } from "@/lib/auth/users";
import { clientAddress } from "@/lib/http/client-address";
import { withPublic } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const POST = withPublic(async (req) => json({ user: await signUp(await readJson(req), clientAddress(req.headers)) }, 201));
