// The plan summary and each task as MCP resources, and the work-next-task prompt.
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getTask } from "@/lib/tasks/get-task";
import { getNextTask } from "@/lib/tasks/next-task";
import { getProjectContext } from "@/lib/tasks/project-context";
import { listProjects } from "@/lib/tasks/projects";
import { fitAnswer, taskText } from "./present";
import { resolveProject } from "./project";

const PLAN_BUDGET_TOKENS = 4_000;

const one = (v: string | string[] | undefined) => decodeURIComponent((Array.isArray(v) ? v[0] : v) ?? "");

/** Resource text is held to the same cap as tool answers. */
function capped(text: string): string {
  const r = fitAnswer({ data: { text }, render: (d) => d.text as string }, "Read the task's fields with the get_task tool.");
  return (r.content[0] as { text: string }).text;
}

export function registerResources(server: McpServer, actor: Actor): void {
  server.registerResource(
    "plan",
    new ResourceTemplate("cairn://projects/{project}/plan", {
      list: async () => ({
        resources: (await listProjects(actor)).map((p) => ({
          uri: `cairn://projects/${p.slug}/plan`,
          name: `${p.name}: plan`,
          mimeType: "text/plain",
        })),
      }),
    }),
    { title: "Project plan", description: "The plan in one page: counts, next task, one line per task.", mimeType: "text/plain" },
    async (uri, vars) => {
      const projectId = await resolveProject(actor, one(vars.project));
      const c = await getProjectContext(actor, projectId, PLAN_BUDGET_TOKENS);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: c.text }] };
    },
  );
  server.registerResource(
    "task",
    new ResourceTemplate("cairn://projects/{project}/tasks/{ref}", { list: undefined }),
    { title: "Task", description: 'One task in full; ref is "12" or "12.3".', mimeType: "text/markdown" },
    async (uri, vars) => {
      const projectId = await resolveProject(actor, one(vars.project));
      const task = await getTask(actor, projectId, one(vars.ref));
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: capped(taskText(task)) }] };
    },
  );
}

const RULES = [
  '1. Call set_task_status with the task\'s id and status "in-progress" before you start.',
  "2. As you work, append what you tried, found and decided with update_subtask (id, prompt). Keep notes short and factual.",
  '3. Follow the test strategy. When the work is done and checked, call set_task_status with status "done".',
  '4. If you cannot finish, leave it in-progress (or set "review") and say why in a note.',
  "5. Then call next_task for the next one.",
].join("\n");

export function registerPrompts(server: McpServer, actor: Actor): void {
  server.registerPrompt(
    "work-next-task",
    {
      title: "Work the next task",
      description: "Hands you Cairn's next task with its context and the rules for reporting progress.",
      argsSchema: { project: z.string().optional().describe("Project slug or id") },
    },
    async ({ project }) => {
      const projectId = await resolveProject(actor, project);
      const { task, reason } = await getNextTask(actor, projectId);
      const context = await getProjectContext(actor, projectId, 1_000);
      const body = task
        ? `Work on task #${task.ref} of project "${context.project.name}" (${context.project.slug}). It was chosen because: ${reason}\n\n${capped(taskText(task))}\n\nRules:\n${RULES.replace(/the task's id/, `id "${task.ref}"`)}\n\nThe plan around it:\n${context.text}`
        : `Project "${context.project.name}" has no task to work on right now: ${reason}\n\nThe plan:\n${context.text}`;
      return {
        description: task ? `Next: #${task.ref} ${task.title}` : "Nothing to work on",
        messages: [{ role: "user", content: { type: "text", text: body } }],
      };
    },
  );
}
