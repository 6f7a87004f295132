// GET /api/v1/projects/:projectId/live — server-sent events: `revision` whenever the plan changes
import { actorIsLive } from "@/lib/auth/sessions";
import { withActor } from "@/lib/http/handler";
import { pollingEventStream } from "@/lib/http/sse";
import { getRevision } from "@/lib/tasks/board";

export const dynamic = "force-dynamic";

// Two indexed single-row reads per tick per open board (the credential, then the revision): cheap, and it sees writes from any process.
export const GET = withActor<{ projectId: string }>("GET /projects/{projectId}/live", async (req, actor, { projectId }) =>
  pollingEventStream(req, {
    event: "revision",
    first: await getRevision(actor, projectId),
    read: () => getRevision(actor, projectId),
    alive: () => actorIsLive(actor),
    intervalMs: 400,
    heartbeatMs: 15_000,
  }),
);
