// POST /api/v1/signup — create an account (the first becomes admin; later ones need open sign-up)
import { signUp } from "@/lib/auth/users";
import { clientAddress } from "@/lib/http/client-address";
import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withPublic("POST /signup", async (req, _params, body) =>
  json({ user: await signUp(body, clientAddress(req.headers)) }, 201),
);
