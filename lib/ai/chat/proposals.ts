// Proposals: changes the planning assistant suggests. They are shown as cards and written only
// when the user accepts them, through the same task services every other entry point uses.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { insertTask } from "@/lib/tasks/create-task";
import { replaceDependencies } from "@/lib/tasks/dependencies";
import { loadTaskRow } from "@/lib/tasks/get-task";
import { checkNewEdge } from "@/lib/tasks/rules/dependency-checks";
import { depsOf, type ProjectGraph } from "@/lib/tasks/rules/task-graph";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { writeTaskChanges } from "@/lib/tasks/write-task";
import type { ProposalPayload } from "@/lib/validation/chat";
import type { Proposal } from "./types";

const quote = (s: string) => `“${s.length > 60 ? `${s.slice(0, 57)}…` : s}”`;

/** One line a person (or the model) can read: what accepting this card would do. */
export function describeProposal(g: ProjectGraph, p: ProposalPayload): string {
  const name = (ref: string) => {
    const id = g.byRef.get(ref);
    return id ? `#${ref} ${quote(g.tasks.get(id)!.title)}` : `#${ref}`;
  };
  switch (p.kind) {
    case "task": {
      const after = p.dependencies.length ? ` after ${p.dependencies.map((r) => `#${r}`).join(", ")}` : "";
      return `Create ${p.parent ? `a subtask of #${p.parent}` : "a task"} ${quote(p.title)} (${p.priority})${after}`;
    }
    case "edit": {
      const fields = (["title", "description", "details", "priority"] as const).filter((f) => p[f] !== undefined);
      return `Change ${fields.join(", ") || "nothing"} of ${name(p.ref)}`;
    }
    case "status":
      return `Set ${name(p.ref)} to ${p.status}`;
    case "dependency":
      return `Make ${name(p.ref)} wait for ${name(p.dependsOn)}`;
  }
}

/** What stops the proposal from being applied to the project as it is now, or null. */
export function checkProposal(g: ProjectGraph, p: ProposalPayload): string | null {
  const missing = (ref: string) => (g.byRef.has(ref) ? null : `There is no task #${ref}.`);
  switch (p.kind) {
    case "task": {
      for (const ref of p.dependencies) if (missing(ref)) return missing(ref);
      if (p.parent) {
        if (missing(p.parent)) return missing(p.parent);
        if (g.tasks.get(g.byRef.get(p.parent)!)!.parentId) return `#${p.parent} is a subtask; subtasks cannot have subtasks.`;
      }
      return null;
    }
    case "edit": {
      if (missing(p.ref)) return missing(p.ref);
      if (p.title === undefined && p.description === undefined && p.details === undefined && p.priority === undefined)
        return "The edit changes nothing.";
      return null;
    }
    case "status": {
      if (missing(p.ref)) return missing(p.ref);
      const t = g.tasks.get(g.byRef.get(p.ref)!)!;
      return t.status === p.status ? `#${p.ref} is already ${p.status}.` : null;
    }
    case "dependency": {
      if (missing(p.ref) ?? missing(p.dependsOn)) return missing(p.ref) ?? missing(p.dependsOn);
      const problem = checkNewEdge(g, g.byRef.get(p.ref)!, g.byRef.get(p.dependsOn)!);
      return problem ? problem.message : null;
    }
  }
}

/**
 * Writes accepted proposals, in order, inside the caller's transaction. Each one is checked
 * against the project as it is at that moment; the first that no longer fits throws, and the
 * transaction writes none of them.
 */
export async function applyProposals(tx: Tx, actor: Actor, projectId: string, proposals: Proposal[]): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  const ctx = { projectId, actorId: actor.userId };
  for (const p of proposals) {
    const g = await getProjectGraph(projectId, tx);
    const problem = checkProposal(g, p);
    if (problem)
      throw new AppError("invalid", `Could not apply “${describeProposal(g, p)}”: ${problem} Nothing was written.`, { proposalId: p.id });
    switch (p.kind) {
      case "task": {
        const id = await insertTask(
          tx,
          actor,
          projectId,
          {
            title: p.title,
            description: p.description,
            details: p.details,
            priority: p.priority,
            dependencies: p.dependencies,
            parent: p.parent,
          },
          { source: "ai" },
        );
        results.set(p.id, (await getProjectGraph(projectId, tx)).tasks.get(id)!.ref);
        break;
      }
      case "edit":
      case "status": {
        const taskId = g.byRef.get(p.ref)!;
        const before = await loadTaskRow(tx, taskId);
        const changes =
          p.kind === "status"
            ? { status: p.status }
            : { title: p.title, description: p.description, details: p.details, priority: p.priority };
        await writeTaskChanges(tx, ctx, before, changes);
        results.set(p.id, p.ref);
        break;
      }
      case "dependency": {
        const taskId = g.byRef.get(p.ref)!;
        const current = depsOf(g, taskId).map((d) => g.tasks.get(d)!.ref);
        await replaceDependencies(tx, ctx, taskId, [...current, p.dependsOn]);
        results.set(p.id, p.ref);
        break;
      }
    }
  }
  return results;
}
