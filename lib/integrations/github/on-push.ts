// `push` deliveries: a commit whose message names a task leaves a note on it.
import "server-only";
import { hasNoteMentioning } from "@/lib/tasks/external";
import { ignored, note, type DeliveryContext, type Effect } from "./effects";
import { resolveNamed } from "./on-pull-request";
import type { PushPayload } from "./payload";
import { namedInText } from "./refs";

export async function onPush(c: DeliveryContext, p: PushPayload): Promise<Effect> {
  if (!p.ref.startsWith("refs/heads/")) return ignored(`A push to ${p.ref} (not a branch)`);
  const branch = p.ref.slice("refs/heads/".length);
  const out: string[] = [];
  for (const commit of p.commits) {
    const tasks = await resolveNamed(c, namedInText(commit.message, c.repository));
    const short = commit.id.slice(0, 7);
    const first = commit.message.split("\n")[0]!.trim();
    const author = commit.author?.name || commit.author?.username || "someone";
    for (const { task } of tasks) {
      // The same commit pushed to another branch (or redelivered) is noted once.
      if (await hasNoteMentioning(c.tx, task.id, commit.url)) continue;
      await note(c, task, `Commit ${short} on ${branch} by ${author}: ${first}\n${commit.url}`, out);
    }
  }
  if (p.commits.length === 0) return ignored(`A push to ${branch} with no commits`);
  return out.length ? { outcome: "applied", changes: out } : ignored(`No commit on ${branch} names a task of this project`);
}
