// GET /api/v1/projects/:projectId/export/taskmaster — a tagged tasks.json
import { withActor } from "@/lib/http/handler";
import { exportTaskMaster } from "@/lib/tasks/export-taskmaster";

export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/export/taskmaster", async (_req, actor, { projectId }) => {
  const { filename, file } = await exportTaskMaster(actor, projectId);
  return new Response(JSON.stringify(file, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});
