import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { inTransaction } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { labels as labelsSchema, taskRef } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { ifMatchVersion, updateTaskInput } from "@/lib/validation/tasks";
import { replaceDependencies } from "./dependencies";
import type { TaskDto } from "./types";
import { loadTaskRow, taskDtoById } from "./get-task";
import { depsOf } from "./rules/task-graph";
import { getProjectGraph } from "./plan-snapshot";
import { parseLabels } from "./task-row";
import { taskIdOrThrow } from "./resolve";
import { writeTaskChanges } from "./write-task";

export interface UpdateTaskOptions {
  /** The request's If-Match header: the version the client read, as an alternative to `version`. */
  ifMatch?: string | null;
}

/** Removals, then additions (each once, in the order given), applied to what is there now. */
function applyEdits(current: string[], add: string[] = [], remove: string[] = []): string[] {
  const kept = current.filter((x) => !remove.includes(x));
  for (const x of add) if (!kept.includes(x)) kept.push(x);
  return kept;
}

export async function updateTask(
  actor: Actor,
  projectId: string,
  rawRef: unknown,
  raw: unknown,
  opts: UpdateTaskOptions = {},
): Promise<TaskDto> {
  const ref = parseInput(taskRef, rawRef);
  const {
    version: bodyVersion,
    dependencies,
    addDependencies,
    removeDependencies,
    addLabels,
    removeLabels,
    ...changes
  } = parseInput(updateTaskInput, raw);
  const headerVersion = opts.ifMatch != null ? parseInput(ifMatchVersion, opts.ifMatch) : undefined;
  if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
    throw invalid(`If-Match (${headerVersion}) and version (${bodyVersion}) disagree; send one of them`);
  }
  const version = bodyVersion ?? headerVersion;
  await authorizeProject(actor, projectId, "editor");
  const id = await inTransaction(async (tx) => {
    const g = await getProjectGraph(projectId, tx);
    const taskId = taskIdOrThrow(g, ref);
    const ctx = { projectId, actorId: actor.userId };
    // Add/remove edits read the current state inside this transaction, so concurrent edits compose.
    let wantedDeps = dependencies;
    if (addDependencies || removeDependencies) {
      const current = depsOf(g, taskId).map((d) => g.tasks.get(d)!.ref);
      wantedDeps = applyEdits(current, addDependencies, removeDependencies);
    }
    // Dependencies first: they read the graph, which is cheapest before this write moves the revision.
    const depsChanged = wantedDeps ? await replaceDependencies(tx, ctx, taskId, wantedDeps, version) : false;
    const before = await loadTaskRow(tx, taskId);
    if (addLabels || removeLabels) {
      const next = applyEdits(parseLabels(before.labels), addLabels, removeLabels);
      const checked = labelsSchema.safeParse(next);
      if (!checked.success)
        throw invalid(`addLabels: the task would have too many labels (${checked.error.issues[0]?.message ?? "limit reached"})`);
      changes.labels = next;
    }
    await writeTaskChanges(tx, ctx, before, changes, depsChanged ? undefined : version);
    return taskId;
  });
  return taskDtoById(projectId, id);
}
