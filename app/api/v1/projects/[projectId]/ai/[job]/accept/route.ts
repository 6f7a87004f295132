// POST /api/v1/projects/:projectId/ai/:job/accept — write a reviewed draft exactly as shown
import { acceptDraft } from "@/lib/ai/jobs/accept";
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const POST = withActor<{ projectId: string; job: string }>(
  "POST /projects/{projectId}/ai/{job}/accept",
  async (_req, actor, { projectId, job }, body) => json(await acceptDraft(actor, projectId, job, body), 201),
);
