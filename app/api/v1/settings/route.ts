// GET|PATCH /api/v1/settings — instance settings (open sign-up); changing them is for the admin
import { getInstanceSettings, updateInstanceSettings } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /settings", async () => json({ settings: await getInstanceSettings() }));
export const PATCH = withActor("PATCH /settings", async (_req, actor, _params, body) =>
  json({ settings: await updateInstanceSettings(actor, body) }),
);
