// POST /api/v1/projects/:projectId/tasks/:ref/move — board move {status, afterRef?, beforeRef?, version?}
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { moveTask } from "@/lib/tasks/move-task";

type P = { projectId: string; ref: string };
export const POST = withActor<P>("POST /projects/{projectId}/tasks/{ref}/move", async (_req, actor, { projectId, ref }, body) =>
  json({ task: await moveTask(actor, projectId, ref, body) }),
);
