// GET|POST /api/v1/projects/:projectId/tasks/:ref/notes — a task's notes; append one
import { withActor } from "@/lib/http/handler";
import { json, readJson } from "@/lib/http/respond";
import { addNote, listNotes } from "@/lib/tasks/notes";

type P = { projectId: string; ref: string };
export const GET = withActor<P>(async (_req, actor, { projectId, ref }) => json({ notes: await listNotes(actor, projectId, ref) }));
export const POST = withActor<P>(async (req, actor, { projectId, ref }) =>
  json({ note: await addNote(actor, projectId, ref, await readJson(req)) }, 201),
);
