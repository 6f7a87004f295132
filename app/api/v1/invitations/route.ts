// GET /api/v1/invitations — pending invitations addressed to you
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { listMyInvitations } from "@/lib/tasks/invitations";

export const GET = withActor("GET /invitations", async (_req, actor) => json({ invitations: await listMyInvitations(actor) }));
