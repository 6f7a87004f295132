// GET|PATCH /api/v1/ai/settings — endpoints, models per role and options (changing them is for the admin)
import { readAiSettings, updateAiSettings } from "@/lib/ai/settings";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /ai/settings", async () => json({ settings: await readAiSettings() }));
export const PATCH = withActor("PATCH /ai/settings", async (_req, actor, _params, body) =>
  json({ settings: await updateAiSettings(actor, body) }),
);
