// DELETE /api/v1/me/sessions — sign out everywhere: every browser session of yours ends
import { signOutEverywhere } from "@/lib/auth/sessions";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const DELETE = withActor("DELETE /me/sessions", async (_req, actor) => json(await signOutEverywhere(actor)));
