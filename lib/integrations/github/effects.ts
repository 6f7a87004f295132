// What one delivery does to the plan, through lib/tasks, inside the delivery's transaction.
import "server-only";
import type { Tx } from "@/lib/db";
import { insertTask } from "@/lib/tasks/create-task";
import { appendNote, taskByExternalRef, taskByRef, upsertExternalLink } from "@/lib/tasks/external";
import { formatRef } from "@/lib/tasks/refs";
import { taskSelect, type TaskRow } from "@/lib/tasks/task-row";
import type { ExternalLinkDto } from "@/lib/tasks/types";
import { writeTaskChanges, type TaskFieldChanges, type WriteContext } from "@/lib/tasks/write-task";
import type { TaskStatus } from "@/lib/validation/common";
import { githubActor, GITHUB_USER_ID } from "./github-user";

export interface DeliveryContext {
  tx: Tx;
  projectId: string;
  /** owner/repo, lower-cased, as linked */
  repository: string;
  labelFilter: string | null;
}

export interface Effect {
  outcome: "applied" | "ignored";
  /** What changed, one line each; for an ignored delivery, why. */
  changes: string[];
}

export const ignored = (why: string): Effect => ({ outcome: "ignored", changes: [why] });

export const writeCtx = (c: DeliveryContext): WriteContext => ({ projectId: c.projectId, actorId: GITHUB_USER_ID });
export { githubActor };

export const refOf = (t: Pick<TaskRow, "number" | "subNumber">) => `#${formatRef(t.number, t.subNumber)}`;

/** Changes fields and says what moved, e.g. "#5 status: pending → done". */
export async function change(c: DeliveryContext, task: TaskRow, changes: TaskFieldChanges, out: string[]): Promise<TaskRow> {
  const before = { ...task };
  const { row, changed } = await writeTaskChanges(c.tx, writeCtx(c), task, changes);
  if (changed) {
    for (const [field, value] of Object.entries(changes)) {
      const old = before[field as keyof TaskRow];
      if (field === "labels") out.push(`${refOf(task)} labels: ${(value as string[]).join(", ") || "none"}`);
      else if (field === "details") out.push(`${refOf(task)} details updated`);
      else if (old !== value) out.push(`${refOf(task)} ${field}: ${String(old)} → ${String(value)}`);
    }
  }
  return row;
}

export async function link(c: DeliveryContext, task: TaskRow, l: ExternalLinkDto, out: string[]): Promise<void> {
  if (await upsertExternalLink(c.tx, writeCtx(c), task, l)) {
    out.push(`${refOf(task)} linked ${l.kind === "pull_request" ? "PR" : "issue"} ${l.repository}#${l.number} (${l.state})`);
  }
}

export async function note(c: DeliveryContext, task: TaskRow, body: string, out: string[]): Promise<void> {
  await appendNote(c.tx, writeCtx(c), task, body);
  out.push(`${refOf(task)} note added`);
}

export async function create(
  c: DeliveryContext,
  input: { title: string; details: string; labels: string[]; priority: string; status?: TaskStatus },
  opts: { externalRef: string; links: ExternalLinkDto[]; sync: string },
): Promise<TaskRow> {
  const id = await insertTask(c.tx, githubActor, c.projectId, input as Parameters<typeof insertTask>[3], {
    source: "github",
    externalRef: opts.externalRef,
    externalLinks: opts.links,
    externalSync: opts.sync,
  });
  return c.tx.task.findUniqueOrThrow({ where: { id }, select: taskSelect });
}

export { taskByExternalRef, taskByRef };
