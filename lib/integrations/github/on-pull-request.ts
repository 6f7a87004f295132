// `pull_request` deliveries: the tasks a pull request names get it linked and follow its state.
import "server-only";
import type { TaskRow } from "@/lib/tasks/task-row";
import type { ExternalLinkDto } from "@/lib/tasks/types";
import { TASK_LIMITS } from "@/lib/validation/limits";
import { change, ignored, link, note, refOf, taskByExternalRef, taskByRef, type DeliveryContext, type Effect } from "./effects";
import type { PullRequestPayload } from "./payload";
import { namedByPullRequest, type NamedTask } from "./refs";

const FINISHED = new Set(["done", "cancelled"]);
const MOVES = new Set(["opened", "reopened", "ready_for_review", "converted_to_draft", "edited"]);

/** The tasks named, each once, with whether the pull request closes it. */
export async function resolveNamed(c: DeliveryContext, named: NamedTask[]): Promise<{ task: TaskRow; closes: boolean }[]> {
  const found: { task: TaskRow; closes: boolean }[] = [];
  for (const n of named) {
    const task =
      n.kind === "cairn"
        ? await taskByRef(c.tx, c.projectId, n.ref)
        : await taskByExternalRef(c.tx, c.projectId, `${n.repository}#${n.number}`);
    if (!task) continue;
    const same = found.find((f) => f.task.id === task.id);
    if (same) same.closes ||= n.closes;
    else found.push({ task, closes: n.closes });
  }
  return found;
}

export async function onPullRequest(c: DeliveryContext, p: PullRequestPayload): Promise<Effect> {
  const pr = p.pull_request;
  const merged = pr.merged === true;
  const state: ExternalLinkDto["state"] = merged ? "merged" : pr.state === "closed" ? "closed" : pr.draft ? "draft" : "open";
  if (!MOVES.has(p.action) && p.action !== "closed") return ignored(`pull_request.${p.action} changes nothing in Cairn`);
  const tasks = await resolveNamed(c, namedByPullRequest({ title: pr.title, body: pr.body ?? null, branch: pr.head.ref }, c.repository));
  const label = `PR ${c.repository}#${pr.number}`;
  if (tasks.length === 0) return ignored(`${label} names no task of this project`);

  const out: string[] = [];
  const prLink: ExternalLinkDto = {
    kind: "pull_request",
    repository: c.repository,
    number: pr.number,
    title: pr.title.length > TASK_LIMITS.title ? `${pr.title.slice(0, TASK_LIMITS.title - 1)}…` : pr.title,
    url: pr.html_url,
    state,
  };
  for (const { task, closes } of tasks) {
    await link(c, task, prLink, out);
    if (p.action === "closed" && merged) {
      if (closes && task.status !== "done") await change(c, task, { status: "done" }, out);
    } else if (p.action === "closed") {
      if (!FINISHED.has(task.status)) {
        if (task.status !== "in-progress") await change(c, task, { status: "in-progress" }, out);
        await note(c, task, `${label} “${pr.title}” was closed without merging (${pr.html_url}).`, out);
      }
    } else if (!FINISHED.has(task.status)) {
      const status = pr.draft ? "in-progress" : "review";
      if (task.status !== status) await change(c, task, { status }, out);
    }
  }
  return { outcome: "applied", changes: out.length ? out : tasks.map((t) => `${refOf(t.task)} already up to date`) };
}
