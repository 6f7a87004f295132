// GET|PATCH /api/v1/settings — instance settings (open sign-up); changing them is for the admin
import { getInstanceSettings, updateInstanceSettings } from "@/lib/auth/users";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const GET = withActor(async () => json({ settings: await getInstanceSettings() }));
export const PATCH = withActor(async (req, actor) => json({ settings: await updateInstanceSettings(actor, await readJson(req)) }));
