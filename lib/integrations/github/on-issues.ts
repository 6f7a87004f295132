// `issues` deliveries: an issue becomes a task and the task follows it.
import "server-only";
import { parseLabels } from "@/lib/tasks/task-row";
import type { ExternalLinkDto } from "@/lib/tasks/types";
import type { TaskPriority } from "@/lib/validation/common";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { parseInput } from "@/lib/validation/parse";
import { createTaskInput } from "@/lib/validation/tasks";
import { readExternalSync, writeExternalSync } from "@/lib/tasks/external";
import { change, create, ignored, link, note, refOf, taskByExternalRef, type DeliveryContext, type Effect } from "./effects";
import type { IssuesPayload } from "./payload";

type Issue = IssuesPayload["issue"];

const PRIORITY_LABEL = /^priority\s*[:/=-]\s*(low|medium|high|critical)$/i;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `priority:high` sets the priority; the other labels become the task's labels (cut to the label limits). */
export function labelsOf(names: string[]): { labels: string[]; priority: TaskPriority | null } {
  let priority: TaskPriority | null = null;
  const labels: string[] = [];
  for (const raw of names) {
    const m = PRIORITY_LABEL.exec(raw.trim());
    if (m) priority = m[1]!.toLowerCase() as TaskPriority;
    else {
      const l = clip(raw.trim(), TASK_LIMITS.labelLength);
      if (l && !labels.includes(l) && labels.length < TASK_LIMITS.labelCount) labels.push(l);
    }
  }
  return { labels, priority };
}

const syncText = (title: string, details: string) => JSON.stringify({ title, details });
const titleOf = (i: Issue) => clip(i.title.trim() || `Issue #${i.number}`, TASK_LIMITS.title);
const detailsOf = (i: Issue) => clip(i.body ?? "", TASK_LIMITS.details);

function issueLink(c: DeliveryContext, i: Issue, state: ExternalLinkDto["state"]): ExternalLinkDto {
  return { kind: "issue", repository: c.repository, number: i.number, title: clip(i.title, TASK_LIMITS.title), url: i.html_url, state };
}

const passesFilter = (c: DeliveryContext, i: Issue) =>
  !c.labelFilter || (i.labels ?? []).some((l) => l.name.toLowerCase() === c.labelFilter!.toLowerCase());

async function createFromIssue(c: DeliveryContext, i: Issue, externalRef: string): Promise<Effect> {
  const { labels, priority } = labelsOf((i.labels ?? []).map((l) => l.name));
  const title = titleOf(i);
  const details = detailsOf(i);
  const input = parseInput(createTaskInput, { title, details, labels, priority: priority ?? "medium" });
  const task = await create(c, input as Parameters<typeof create>[1], {
    externalRef,
    links: [issueLink(c, i, "open")],
    sync: syncText(input.title, details),
  });
  return { outcome: "applied", changes: [`Created ${refOf(task)} “${task.title}” from ${externalRef}`] };
}

export async function onIssues(c: DeliveryContext, p: IssuesPayload): Promise<Effect> {
  const i = p.issue;
  const externalRef = `${c.repository}#${i.number}`;
  const task = await taskByExternalRef(c.tx, c.projectId, externalRef);
  const out: string[] = [];
  const open = (i.state ?? "open") === "open";

  // An issue Cairn has no task for yet becomes one when it is (or becomes) open and passes the filter.
  if (!task) {
    if (!["opened", "edited", "labeled", "reopened"].includes(p.action)) return ignored(`No task for ${externalRef}`);
    if (!open) return ignored(`${externalRef} is closed`);
    if (!passesFilter(c, i)) return ignored(`${externalRef} is not labelled “${c.labelFilter}”`);
    return createFromIssue(c, i, externalRef);
  }

  switch (p.action) {
    case "opened":
    case "edited": {
      const title = titleOf(i);
      const details = detailsOf(i);
      const synced = await readExternalSync(c.tx, task.id);
      const last = synced ? (JSON.parse(synced) as { title?: string; details?: string }) : null;
      const untouched = last !== null && last.title === task.title && last.details === task.details;
      if (title === task.title && details === task.details) {
        await writeExternalSync(c.tx, task.id, syncText(title, details));
        return { outcome: "applied", changes: [`${refOf(task)} already matches ${externalRef}`] };
      }
      if (untouched) {
        await change(c, task, { title, details }, out);
      } else {
        // Edited in Cairn since GitHub last wrote it: keep the Cairn text, record GitHub's.
        await note(
          c,
          task,
          `The GitHub issue ${externalRef} was edited, but this task was changed in Cairn since, so it was not overwritten.\n\nGitHub's title: ${title}\n\nGitHub's text:\n\n${details || "(empty)"}`,
          out,
        );
      }
      await writeExternalSync(c.tx, task.id, syncText(title, details));
      await link(c, task, issueLink(c, i, open ? "open" : "closed"), out);
      return { outcome: "applied", changes: out };
    }
    case "closed": {
      const done = !i.state_reason || i.state_reason === "completed";
      await change(c, task, { status: done ? "done" : "cancelled" }, out);
      await link(c, task, issueLink(c, i, "closed"), out);
      return { outcome: "applied", changes: out.length ? out : [`${refOf(task)} already ${task.status}`] };
    }
    case "reopened": {
      if (task.status === "done" || task.status === "cancelled") await change(c, task, { status: "pending" }, out);
      await link(c, task, issueLink(c, i, "open"), out);
      return { outcome: "applied", changes: out.length ? out : [`${refOf(task)} is open already`] };
    }
    case "labeled":
    case "unlabeled": {
      const name = p.label?.name;
      if (!name) return ignored("The delivery names no label");
      const { labels, priority } = labelsOf([name]);
      const current = parseLabels(task.labels);
      if (priority) {
        await change(c, task, { priority: p.action === "labeled" ? priority : task.priority === priority ? "medium" : task.priority }, out);
      } else if (p.action === "labeled") {
        if (!current.includes(labels[0]!) && current.length < TASK_LIMITS.labelCount)
          await change(c, task, { labels: [...current, labels[0]!] }, out);
      } else if (current.includes(labels[0]!)) {
        await change(c, task, { labels: current.filter((l) => l !== labels[0]) }, out);
      }
      return { outcome: "applied", changes: out.length ? out : [`${refOf(task)} labels unchanged`] };
    }
    case "deleted":
    case "transferred": {
      const where = p.changes?.new_issue?.html_url;
      await change(c, task, { status: "cancelled" }, out);
      await note(
        c,
        task,
        p.action === "deleted"
          ? `The GitHub issue ${externalRef} was deleted, so this task was cancelled.`
          : `The GitHub issue ${externalRef} was transferred${where ? ` to ${where}` : ""}, so this task was cancelled here.`,
        out,
      );
      await link(c, task, issueLink(c, i, "closed"), out);
      return { outcome: "applied", changes: out };
    }
    default:
      return ignored(`issues.${p.action} changes nothing in Cairn`);
  }
}
