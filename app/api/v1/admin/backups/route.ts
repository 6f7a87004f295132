// GET|POST /api/v1/admin/backups — the backups with the schedule; take one now (admin)
import { backUpNow, backupOverview } from "@/lib/ops/backup";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /admin/backups", async (_req, actor) => json(await backupOverview(actor)));
export const POST = withActor("POST /admin/backups", async (_req, actor) => json({ backup: await backUpNow(actor) }, 201));
