// POST /api/v1/projects/:projectId/ai/parse-prd/accept — write a reviewed plan draft {mode, tasks}
import { acceptPlan } from "@/lib/ai/jobs/parse-prd";
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";

export const POST = withActor<{ projectId: string }>(async (req, actor, { projectId }) => json(await acceptPlan(actor, projectId, await readJson(req)), 201));
