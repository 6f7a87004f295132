// POST /api/v1/projects/:projectId/tasks/:ref/move — board move {status, afterRef?, beforeRef?, version?}
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { moveTask } from "@/lib/tasks/move-task";

type P = { projectId: string; ref: string };
export const POST = withActor<P>(async (req, actor, { projectId, ref }) =>
  json({ task: await moveTask(actor, projectId, ref, await readJson(req)) }),
);
