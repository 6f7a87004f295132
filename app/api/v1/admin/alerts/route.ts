// GET /api/v1/admin/alerts — what the admin banner shows: endpoints down or back, backups failing (admin)
import { listAlerts } from "@/lib/ops/alerts";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withActor("GET /admin/alerts", async (_req, actor) => json({ alerts: await listAlerts(actor) }));
