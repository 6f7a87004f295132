// PATCH /api/v1/admin/backups/settings — backup schedule, how many to keep, where alerts go (admin)
import { updateBackupSettings } from "@/lib/ops/settings";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const PATCH = withActor("PATCH /admin/backups/settings", async (_req, actor, _params, body) =>
  json({ settings: await updateBackupSettings(actor, body) }),
);
