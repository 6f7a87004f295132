// GET /api/metrics — Prometheus text; off (404) unless CAIRN_METRICS_TOKEN is set, then only for
// `Authorization: Bearer <that token>`
import { metricsAccess, renderMetrics } from "@/lib/ops/metrics-access";
import { errorResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    metricsAccess(req);
    const { contentType, text } = await renderMetrics();
    return new Response(text, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (e) {
    const res = errorResponse(e);
    if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="cairn-metrics"');
    return res;
  }
}
