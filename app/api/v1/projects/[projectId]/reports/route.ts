// GET|POST /api/v1/projects/:projectId/reports — saved reports (newest first); generate and save one
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { generateReport } from "@/lib/reports/generate-report";
import { listReports } from "@/lib/reports/list-reports";

type P = { projectId: string };
export const GET = withActor<P>("GET /projects/{projectId}/reports", async (req, actor, { projectId }) =>
  json({ reports: await listReports(actor, projectId, queryObject(req)) }),
);
export const POST = withActor<P>("POST /projects/{projectId}/reports", async (_req, actor, { projectId }, body) =>
  json(await generateReport(actor, projectId, body), 201),
);
