// Tools that change the plan. Each is one call (or a few) to the service REST uses.
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { createTask } from "@/lib/tasks/create-task";
import { deleteTask } from "@/lib/tasks/delete-task";
import { addDependency, removeDependency } from "@/lib/tasks/dependencies";
import { getTask } from "@/lib/tasks/get-task";
import { moveTask } from "@/lib/tasks/move-task";
import { addNote } from "@/lib/tasks/notes";
import { updateTask } from "@/lib/tasks/update-task";
import { fixDependencies } from "@/lib/tasks/validate-dependencies";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/validation/common";
import { summarize, summaryLine, type Answer, type TaskSummary } from "../present";
import { defineTool, depList, ref, refs, REMOVES, SETS, splitRefs, WRITES, type ToolContext } from "../tool";
import { runJob } from "./ai";

const status = z.enum(TASK_STATUSES);
const priority = z.enum(TASK_PRIORITIES).optional();
const text = {
  description: z.string().optional(),
  details: z.string().optional(),
  testStrategy: z.string().optional(),
};

/** Several refs: every one must exist before anything is written. */
async function existing(ctx: ToolContext, v: string | number): Promise<string[]> {
  const list = splitRefs(v);
  if (list.length === 0) throw invalid("id: give a task id");
  if (list.length > 50) throw invalid("id: at most 50 tasks at once");
  const tasks = await Promise.all(list.map((r) => getTask(ctx.actor, ctx.projectId, r)));
  return tasks.map((t) => t.ref);
}

const changed = (tasks: TaskSummary[], verb: string): Answer => ({
  data: { tasks },
  render: (d) => `${verb}:\n${(d.tasks as TaskSummary[]).map(summaryLine).join("\n")}`,
});

export const writeTools = [
  defineTool({
    name: "set_task_status",
    title: "Set status",
    description: 'Set the status of one or more tasks or subtasks (id "12", "12.3" or "1,2"). A parent follows its subtasks.',
    tier: "core",
    scope: "write",
    annotations: SETS,
    input: { id: refs, status },
    run: async (a, ctx) => {
      const list = await existing(ctx, a.id);
      const out: TaskSummary[] = [];
      for (const r of list) out.push(summarize(await updateTask(ctx.actor, ctx.projectId, r, { status: a.status })));
      return changed(out, `Status set to ${a.status}`);
    },
  }),
  defineTool({
    name: "update_subtask",
    title: "Append a note",
    description: "Append a timestamped note to a task or subtask (what you tried, found or decided). Earlier notes stay.",
    tier: "core",
    scope: "write",
    annotations: WRITES,
    input: { id: ref, prompt: z.string().describe("The note to append") },
    run: async (a, ctx) => {
      const note = await addNote(ctx.actor, ctx.projectId, a.id, { body: a.prompt });
      return { data: { ref: String(a.id), note }, render: () => `Note added to #${String(a.id).replace(/^#/, "")} at ${note.createdAt}.` };
    },
  }),
  defineTool({
    name: "add_task",
    title: "Add a task",
    description:
      "Add a task: give title (and description, details, testStrategy, priority, dependencies), or a prompt for the model to write it.",
    tier: "core",
    scope: "write",
    annotations: WRITES,
    input: {
      title: z.string().optional(),
      ...text,
      priority,
      dependencies: depList.optional(),
      prompt: z.string().optional().describe("Instead of title: what the task is about"),
      dryRun: z.boolean().optional(),
    },
    run: async (a, ctx) => {
      if (a.title === undefined && a.prompt) return runJob(ctx, "add-task", { prompt: a.prompt }, a.dryRun);
      if (a.title === undefined) throw invalid("title: give a title, or a prompt for the model to write the task");
      const { title, description, details, testStrategy } = a;
      const t = await createTask(ctx.actor, ctx.projectId, {
        title,
        description,
        details,
        testStrategy,
        priority: a.priority,
        dependencies: splitRefs(a.dependencies),
      });
      return changed([summarize(t)], "Added");
    },
  }),
  defineTool({
    name: "add_subtask",
    title: "Add a subtask",
    description: "Add a subtask to task id (it becomes id.n).",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: {
      id: ref.describe("Parent task id"),
      title: z.string(),
      ...text,
      status: status.optional(),
      priority,
      dependencies: depList.optional(),
    },
    run: async (a, ctx) => {
      const { title, description, details, testStrategy, status: st, priority: pr } = a;
      const t = await createTask(ctx.actor, ctx.projectId, {
        title,
        description,
        details,
        testStrategy,
        status: st,
        priority: pr,
        parent: a.id,
        dependencies: splitRefs(a.dependencies),
      });
      return changed([summarize(t)], "Added");
    },
  }),
  defineTool({
    name: "update_task",
    title: "Update a task",
    description:
      "Change a task's fields (title, description, details, testStrategy, priority, dependencies), or give a prompt for the model to rewrite it.",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: {
      id: ref,
      title: z.string().optional(),
      ...text,
      priority,
      dependencies: depList.optional().describe("Replaces the prerequisites"),
      prompt: z.string().optional().describe("What should change (the model rewrites the task)"),
      dryRun: z.boolean().optional(),
    },
    run: async (a, ctx) => {
      const { id, prompt, dryRun, dependencies, ...fields } = a;
      if (prompt) return runJob(ctx, "update", { ref: id, prompt }, dryRun);
      const changes: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (dependencies !== undefined) changes.dependencies = splitRefs(dependencies);
      if (Object.keys(changes).length === 0) throw invalid("Give the fields to change, or a prompt");
      return changed([summarize(await updateTask(ctx.actor, ctx.projectId, id, changes))], "Updated");
    },
  }),
  defineTool({
    name: "remove_task",
    title: "Remove tasks",
    description: 'Delete tasks or subtasks (id "5" or "5,6"), with their subtasks; says which tasks lost a prerequisite.',
    tier: "standard",
    scope: "write",
    annotations: REMOVES,
    input: { id: refs },
    run: async (a, ctx) => {
      const list = await existing(ctx, a.id);
      const deleted: string[] = [];
      const lost = new Map<string, string>();
      for (const r of list) {
        if (deleted.includes(r)) continue; // a subtask of a task removed just before
        const res = await deleteTask(ctx.actor, ctx.projectId, r);
        deleted.push(...res.deleted);
        for (const l of res.lostPrerequisite) lost.set(l.ref, l.title);
      }
      const lostPrerequisite = [...lost].filter(([r]) => !deleted.includes(r)).map(([r, title]) => ({ ref: r, title }));
      return {
        data: { deleted, lostPrerequisite },
        render: () =>
          `Deleted ${deleted.map((r) => `#${r}`).join(", ")}.${lostPrerequisite.length ? ` Lost a prerequisite: ${lostPrerequisite.map((l) => `#${l.ref}`).join(", ")}.` : ""}`,
      };
    },
  }),
  defineTool({
    name: "add_dependency",
    title: "Add a dependency",
    description: "Make task id depend on dependsOn. Cycles are refused.",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: { id: ref, dependsOn: ref },
    run: async (a, ctx) => changed([summarize(await addDependency(ctx.actor, ctx.projectId, a.id, { dependsOn: a.dependsOn }))], "Updated"),
  }),
  defineTool({
    name: "remove_dependency",
    title: "Remove a dependency",
    description: "Task id no longer depends on dependsOn.",
    tier: "standard",
    scope: "write",
    annotations: REMOVES,
    input: { id: ref, dependsOn: ref },
    run: async (a, ctx) => changed([summarize(await removeDependency(ctx.actor, ctx.projectId, a.id, a.dependsOn))], "Updated"),
  }),
  defineTool({
    name: "fix_dependencies",
    title: "Fix dependencies",
    description: "Remove every self, missing or circular dependency that validate_dependencies reports.",
    tier: "standard",
    scope: "write",
    annotations: REMOVES,
    input: {},
    run: async (_a, ctx) => {
      const r = await fixDependencies(ctx.actor, ctx.projectId);
      return {
        data: { removed: r.removed },
        render: () =>
          r.removed.length
            ? `Removed:\n${r.removed.map((x) => `- #${x.taskRef} → #${x.dependsOnRef}: ${x.reason}`).join("\n")}`
            : "Nothing to fix.",
      };
    },
  }),
  defineTool({
    name: "move_task",
    title: "Move a task",
    description:
      "Reorder on the board: put task from just before task to (same column or siblings), or at the end of a status column. Refs never change.",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: {
      from: ref,
      to: ref.optional().describe("Place just before this task"),
      status: status.optional().describe("Column to move to"),
    },
    run: async (a, ctx) => {
      if (String(a.from).includes(",")) throw invalid("from: move one task at a time");
      const task = await getTask(ctx.actor, ctx.projectId, a.from);
      let input: Record<string, unknown>;
      if (a.to !== undefined) {
        const target = await getTask(ctx.actor, ctx.projectId, a.to);
        input = { status: task.parent ? task.status : (a.status ?? target.status), beforeRef: target.ref, version: task.version };
      } else if (a.status) {
        input = { status: a.status, version: task.version };
      } else {
        throw invalid("Give to (a task to place it before) or status (a column)");
      }
      return changed([summarize(await moveTask(ctx.actor, ctx.projectId, task.ref, input))], "Moved");
    },
  }),
];
