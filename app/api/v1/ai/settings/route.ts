// GET|PATCH /api/v1/ai/settings — endpoints, models per role and options (changing them is for the admin)
import { readAiSettings, updateAiSettings } from "@/lib/ai/settings";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const GET = withActor(async () => json({ settings: await readAiSettings() }));
export const PATCH = withActor(async (req, actor) => json({ settings: await updateAiSettings(actor, await readJson(req)) }));
