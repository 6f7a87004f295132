// POST /api/v1/projects/:projectId/ai/:job/accept — write a reviewed draft exactly as shown
import { acceptDraft } from "@/lib/ai/jobs/accept";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const POST = withActor<{ projectId: string; job: string }>(async (req, actor, { projectId, job }) =>
  json(await acceptDraft(actor, projectId, job, await readJson(req)), 201),
);
