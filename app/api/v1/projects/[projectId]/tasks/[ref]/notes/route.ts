// GET|POST /api/v1/projects/:projectId/tasks/:ref/notes — a task's notes; append one
import { withActor } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { addNote, listNotes } from "@/lib/tasks/notes";

type P = { projectId: string; ref: string };
export const GET = withActor<P>("GET /projects/{projectId}/tasks/{ref}/notes", async (_req, actor, { projectId, ref }) =>
  json({ notes: await listNotes(actor, projectId, ref) }),
);
export const POST = withActor<P>("POST /projects/{projectId}/tasks/{ref}/notes", async (_req, actor, { projectId, ref }, body) =>
  json({ note: await addNote(actor, projectId, ref, body) }, 201),
);
