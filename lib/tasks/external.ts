// Writes that come from outside Cairn (the GitHub integration): notes, linked issues and pull
// requests, and finding a task by where it came from. Each runs inside the caller's transaction
// and records its history like any other write.
import "server-only";
import { textContains, type Tx } from "@/lib/db";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { recordEvents } from "./events";
import { bumpRevision } from "./plan-snapshot";
import { formatRef } from "./refs";
import { parseExternalLinks, taskSelect, type TaskRow } from "./task-row";
import type { ExternalLinkDto } from "./types";
import type { WriteContext } from "./write-task";

export async function taskByExternalRef(tx: Tx, projectId: string, externalRef: string): Promise<TaskRow | null> {
  return tx.task.findFirst({ where: { projectId, externalRef }, select: taskSelect });
}

export async function taskByRef(tx: Tx, projectId: string, ref: string): Promise<TaskRow | null> {
  const [n, s] = ref.split(".");
  return tx.task.findFirst({ where: { projectId, number: Number(n), subNumber: s ? Number(s) : 0 }, select: taskSelect });
}

/** Appends a note (Task Master's update-subtask) inside a transaction; the body is cut to the note limit. */
export async function appendNote(
  tx: Tx,
  ctx: WriteContext,
  task: Pick<TaskRow, "id" | "number" | "subNumber">,
  body: string,
): Promise<void> {
  const text = body.length > TASK_LIMITS.note ? `${body.slice(0, TASK_LIMITS.note - 1)}…` : body;
  await tx.taskNote.create({ data: { taskId: task.id, authorId: ctx.actorId, body: text } });
  await recordEvents(tx, [
    {
      projectId: ctx.projectId,
      taskId: task.id,
      taskRef: formatRef(task.number, task.subNumber),
      actorId: ctx.actorId,
      kind: "note_added",
      newValue: text.slice(0, 200),
    },
  ]);
}

/** Whether the task already has a note that mentions `needle` (a commit's sha, say). */
export async function hasNoteMentioning(tx: Tx, taskId: string, needle: string): Promise<boolean> {
  return (await tx.taskNote.count({ where: { taskId, body: textContains(needle) } })) > 0;
}

const sameLink = (a: ExternalLinkDto, b: ExternalLinkDto) => a.kind === b.kind && a.repository === b.repository && a.number === b.number;

/** Adds or updates one linked item (matched by kind, repository and number); false when nothing changed. */
export async function upsertExternalLink(tx: Tx, ctx: WriteContext, task: TaskRow, link: ExternalLinkDto): Promise<boolean> {
  const links = parseExternalLinks(task.externalLinks);
  const i = links.findIndex((l) => sameLink(l, link));
  const old = i >= 0 ? links[i]! : null;
  if (old && old.title === link.title && old.state === link.state && old.url === link.url) return false;
  if (i >= 0) links[i] = link;
  else links.push(link);
  await tx.task.update({ where: { id: task.id }, data: { externalLinks: JSON.stringify(links), version: { increment: 1 } } });
  const label = `${link.kind === "pull_request" ? "PR" : "issue"} ${link.repository}#${link.number}`;
  await recordEvents(tx, [
    {
      projectId: ctx.projectId,
      taskId: task.id,
      taskRef: formatRef(task.number, task.subNumber),
      actorId: ctx.actorId,
      kind: "updated",
      field: "links",
      oldValue: old ? `${label} (${old.state})` : null,
      newValue: `${label} (${link.state})`,
    },
  ]);
  // The plan's graph holds no links: the cached graph stays valid, but open boards hear of it.
  await bumpRevision(ctx.projectId, tx, () => undefined);
  task.externalLinks = JSON.stringify(links);
  task.version += 1;
  return true;
}

/** The outside text a task was last synced from (see the GitHub integration). */
export async function readExternalSync(tx: Tx, taskId: string): Promise<string | null> {
  const row = await tx.task.findUnique({ where: { id: taskId }, select: { externalSync: true } });
  return row?.externalSync ?? null;
}

export async function writeExternalSync(tx: Tx, taskId: string, value: string): Promise<void> {
  await tx.task.update({ where: { id: taskId }, data: { externalSync: value } });
}
