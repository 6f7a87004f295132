// GET /api/v1/projects/:projectId/reports/:reportId — one saved report
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { getReport } from "@/lib/reports/get-report";

type P = { projectId: string; reportId: string };
export const GET = withActor<P>("GET /projects/{projectId}/reports/{reportId}", async (_req, actor, { projectId, reportId }) =>
  json(await getReport(actor, projectId, reportId)),
);
