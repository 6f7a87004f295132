// GET /api/health — readiness: database reachable and migrated, app version
import { getHealth } from "@/lib/health";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await getHealth();
  return json(health, health.status === "ok" ? 200 : 503);
}
