import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { addNoteInput } from "@/lib/validation/tasks";
import { recordEvents } from "./events";
import { getProjectGraph } from "./plan-snapshot";
import { taskIdOrThrow } from "./resolve";
import type { NoteDto, EventDto } from "./types";

/** Task Master's update-subtask: a timestamped note appended to a task. */
export async function addNote(actor: Actor, projectId: string, rawRef: unknown, raw: unknown): Promise<NoteDto> {
  const ref = parseInput(taskRef, rawRef);
  const { body } = parseInput(addNoteInput, raw);
  await authorizeProject(actor, projectId, "editor");
  const g = await getProjectGraph(projectId);
  const taskId = taskIdOrThrow(g, ref);
  const note = await inTransaction(async (tx) => {
    const n = await tx.taskNote.create({ data: { taskId, authorId: actor.userId, body } });
    await recordEvents(tx, [{ projectId, taskId, taskRef: ref, actorId: actor.userId, kind: "note_added", newValue: body.slice(0, 200) }]);
    return n;
  });
  const author = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true } });
  return { id: note.id, body: note.body, author, createdAt: note.createdAt.toISOString() };
}

export async function listNotes(actor: Actor, projectId: string, rawRef: unknown): Promise<NoteDto[]> {
  const ref = parseInput(taskRef, rawRef);
  await authorizeProject(actor, projectId, "viewer");
  const taskId = taskIdOrThrow(await getProjectGraph(projectId), ref);
  const notes = await db.taskNote.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } });
  const authors = await db.user.findMany({
    where: { id: { in: [...new Set(notes.map((n) => n.authorId).filter((a): a is string => !!a))] } },
    select: { id: true, name: true },
  });
  const byId = new Map(authors.map((a) => [a.id, a]));
  return notes.map((n) => ({
    id: n.id,
    body: n.body,
    author: (n.authorId && byId.get(n.authorId)) || null,
    createdAt: n.createdAt.toISOString(),
  }));
}

/** A task's activity history, newest first. */
export async function listTaskHistory(actor: Actor, projectId: string, rawRef: unknown): Promise<EventDto[]> {
  const ref = parseInput(taskRef, rawRef);
  await authorizeProject(actor, projectId, "viewer");
  const taskId = taskIdOrThrow(await getProjectGraph(projectId), ref);
  const events = await db.taskEvent.findMany({ where: { taskId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });
  const actors = await db.user.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.actorId).filter((a): a is string => !!a))] } },
    select: { id: true, name: true },
  });
  const byId = new Map(actors.map((a) => [a.id, a]));
  return events.map((e) => ({
    id: e.id,
    kind: e.kind,
    taskRef: e.taskRef,
    field: e.field,
    oldValue: e.oldValue,
    newValue: e.newValue,
    actor: (e.actorId && byId.get(e.actorId)) || null,
    createdAt: e.createdAt.toISOString(),
  }));
}
