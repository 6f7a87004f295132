// Tools that read the plan (and generate_report, which only adds a report to the history).
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { generateReport } from "@/lib/reports/generate-report";
import { getComplexityReport } from "@/lib/tasks/complexity-report";
import type { TaskDto } from "@/lib/tasks/types";
import { getTask } from "@/lib/tasks/get-task";
import { listTasks } from "@/lib/tasks/list-tasks";
import { getNextTask } from "@/lib/tasks/next-task";
import { listTaskHistory } from "@/lib/tasks/notes";
import { getProjectContext } from "@/lib/tasks/project-context";
import { listProjects } from "@/lib/tasks/projects";
import { validateDependencies } from "@/lib/tasks/validate-dependencies";
import { summarize, summaryLine, taskText, type Data, type TaskSummary } from "../present";
import { cursor, defineTool, limit, READS, ref, refs, splitRefs, WRITES, type ToolContext } from "../tool";
import { plural } from "@/lib/plural";

const DEFAULT_PAGE = 50;
const FIELD_CHUNK = 40_000;
const LONG_FIELDS = ["description", "details", "testStrategy"] as const;

/** The task as an agent reads it: everything but storage internals. */
export function agentTask(t: TaskDto) {
  const { id: _id, projectId: _p, rank: _r, ...rest } = t;
  return rest;
}

async function page(ctx: ToolContext, query: Record<string, string | undefined>) {
  const p = await listTasks(ctx.actor, ctx.projectId, Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  return { tasks: p.tasks.map(summarize), total: p.total, nextCursor: p.nextCursor };
}

function renderPage(d: Data, noun = "tasks"): string {
  const tasks = d.tasks as TaskSummary[];
  const head = `${d.total} ${noun}${tasks.length < (d.total as number) ? ` (showing ${tasks.length})` : ""}:`;
  const more = d.nextCursor ? `\nMore: call again with cursor "${d.nextCursor}".` : "";
  return `${head}\n${tasks.map(summaryLine).join("\n")}${more}`;
}

const statusFilter = z.string().optional().describe('e.g. "pending" or "pending,in-progress"; "blocked" too');

/** Task Master lists "blocked" among the statuses; in Cairn it is derived, so it becomes the blocked filter. */
function statusQuery(status: string | undefined): { status?: string; blocked?: string } {
  const parts = (status ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.includes("blocked")) return status ? { status } : {};
  if (parts.length > 1) throw invalid('status: ask for "blocked" on its own (blocked is not a status but tasks waiting on prerequisites)');
  return { blocked: "true" };
}

export const readTools = [
  defineTool({
    name: "get_tasks",
    title: "List tasks",
    description:
      "List the project's tasks as summaries (ref, title, status, priority, dependencies, blocked), a page at a time. Top-level tasks unless withSubtasks.",
    tier: "core",
    scope: "read",
    annotations: READS,
    input: { status: statusFilter, withSubtasks: z.boolean().optional(), limit, cursor },
    readMore: "Use limit and cursor to page, or get_task for one task.",
    run: async (a, ctx) => {
      const data = await page(ctx, {
        ...statusQuery(a.status),
        parent: a.withSubtasks ? undefined : "none",
        limit: String(a.limit ?? DEFAULT_PAGE),
        cursor: a.cursor,
      });
      return { data, render: (d) => renderPage(d) };
    },
  }),
  defineTool({
    name: "get_task",
    title: "Get a task",
    description:
      'One task in full (details, test strategy, subtasks, dependencies). Several: id "1,2". A long field can be read in parts with field + offset.',
    tier: "core",
    scope: "read",
    annotations: READS,
    input: {
      id: refs,
      status: z.string().optional().describe("Only list subtasks with this status"),
      field: z.enum(LONG_FIELDS).optional(),
      offset: z.number().int().min(0).optional(),
    },
    readMore: 'Read a long field in parts: get_task with field ("details", "description" or "testStrategy") and offset.',
    run: async (a, ctx) => {
      const ids = splitRefs(a.id);
      if (ids.length === 0) throw invalid("id: give a task id");
      if (ids.length > 20) throw invalid("id: at most 20 tasks at once");
      const tasks = await Promise.all(ids.map((r) => getTask(ctx.actor, ctx.projectId, r)));
      if (a.field) {
        const t = tasks[0]!;
        const text = t[a.field];
        const offset = a.offset ?? 0;
        const part = text.slice(offset, offset + FIELD_CHUNK);
        const nextOffset = offset + part.length < text.length ? offset + part.length : null;
        const data = { ref: t.ref, field: a.field, offset, total: text.length, text: part, nextOffset };
        return {
          data,
          render: () =>
            `#${t.ref} ${a.field} [${offset}–${offset + part.length} of ${text.length}]${nextOffset ? ` (more from offset ${nextOffset})` : ""}:\n${part}`,
        };
      }
      const shown = tasks.map((t) => (a.status ? { ...t, subtasks: t.subtasks.filter((s) => s.status === a.status) } : t));
      const data: Data = shown.length === 1 ? { task: agentTask(shown[0]!) } : { tasks: shown.map(agentTask) };
      return {
        data,
        render: (d) => (d.task ? taskText(d.task as TaskDto) : (d.tasks as TaskDto[]).map(taskText).join("\n\n---\n\n")),
      };
    },
  }),
  defineTool({
    name: "next_task",
    title: "Next task",
    description:
      "The task to work on next (all prerequisites done; in-progress parents, priority and unblocking first), in full, with why it was chosen.",
    tier: "core",
    scope: "read",
    annotations: READS,
    input: {},
    run: async (_a, ctx) => {
      const { task, reason } = await getNextTask(ctx.actor, ctx.projectId);
      return {
        data: { task: task ? agentTask(task) : null, reason },
        render: (d) =>
          d.task ? `Next: #${(d.task as TaskDto).ref} — ${reason}\n\n${taskText(d.task as TaskDto)}` : `No task to work on: ${reason}`,
      };
    },
  }),
  defineTool({
    name: "validate_dependencies",
    title: "Check dependencies",
    description: "Report self, missing and circular dependencies (changes nothing).",
    tier: "standard",
    scope: "read",
    annotations: READS,
    input: {},
    run: async (_a, ctx) => {
      const r = await validateDependencies(ctx.actor, ctx.projectId);
      const issues = r.issues.map((i) => ({ taskRef: i.taskRef, dependsOnRef: i.dependsOnRef, kind: i.kind, message: i.message }));
      return {
        data: { valid: r.valid, counts: r.counts, issues },
        render: () =>
          r.valid
            ? "All dependencies are valid."
            : `${issues.length} problems:\n${issues.map((i) => `- ${i.message}`).join("\n")}\nfix_dependencies removes them.`,
      };
    },
  }),
  defineTool({
    name: "complexity_report",
    title: "Complexity report",
    description: "Complexity scores stored by analyze_project_complexity, highest first, with recommended subtask counts.",
    tier: "standard",
    scope: "read",
    annotations: READS,
    input: {},
    run: async (_a, ctx) => {
      const tasks = await getComplexityReport(ctx.actor, ctx.projectId);
      return {
        data: { tasks },
        render: (d) => {
          const list = d.tasks as typeof tasks;
          if (!list.length) return "No task has a complexity score yet: run analyze_project_complexity.";
          return list
            .map(
              (t) =>
                `#${t.ref} ${t.complexityScore}/10${t.recommendedSubtasks ? ` → ${plural(t.recommendedSubtasks, "subtask")}` : ""} ${t.title}${t.subtasks ? ` (has ${t.subtasks})` : ""}`,
            )
            .join("\n");
        },
      };
    },
  }),
  defineTool({
    name: "list_projects",
    title: "List projects",
    description: "The projects you can reach, with your role and task counts. Pass a project's slug or id as `project` to the other tools.",
    tier: "all",
    scope: "read",
    annotations: READS,
    takesProject: false,
    input: {},
    run: async (_a, ctx) => {
      const projects = (await listProjects(ctx.actor)).map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        role: p.role,
        tasks: p.taskCount,
        done: p.doneCount,
      }));
      return {
        data: { projects },
        render: () =>
          projects.length
            ? projects.map((p) => `${p.slug} — ${p.name} (${p.role}, ${p.done}/${p.tasks} done, id ${p.id})`).join("\n")
            : "No projects yet.",
      };
    },
  }),
  defineTool({
    name: "get_project_context",
    title: "Project context",
    description: "A compact summary of the whole plan (counts, next task, one line per task, open work first), cut to maxTokens.",
    tier: "all",
    scope: "read",
    annotations: READS,
    input: { maxTokens: z.number().int().min(100).max(20_000).optional().describe("Token budget (default 2000)") },
    run: async (a, ctx) => {
      const c = await getProjectContext(ctx.actor, ctx.projectId, a.maxTokens ?? 2_000);
      return { data: { ...c }, render: () => c.text };
    },
  }),
  defineTool({
    name: "search_tasks",
    title: "Search tasks",
    description: "Find tasks and subtasks whose title or description contains the text (or whose ref it is); summaries, paged.",
    tier: "all",
    scope: "read",
    annotations: READS,
    input: { query: z.string().min(1).max(200), status: statusFilter, limit, cursor },
    readMore: "Use limit and cursor to page.",
    run: async (a, ctx) => {
      const data = await page(ctx, { text: a.query, ...statusQuery(a.status), limit: String(a.limit ?? DEFAULT_PAGE), cursor: a.cursor });
      return { data, render: (d) => renderPage(d, "matches") };
    },
  }),
  defineTool({
    name: "get_task_history",
    title: "Task history",
    description: "Who changed what on a task and when, newest first.",
    tier: "all",
    scope: "read",
    annotations: READS,
    input: { id: ref, limit },
    readMore: "Ask for fewer events with limit.",
    run: async (a, ctx) => {
      const events = (await listTaskHistory(ctx.actor, ctx.projectId, a.id)).slice(0, a.limit ?? 50);
      const list = events.map((e) => ({
        kind: e.kind,
        field: e.field,
        oldValue: e.oldValue,
        newValue: e.newValue,
        by: e.actor?.name ?? null,
        at: e.createdAt,
      }));
      return {
        data: { events: list },
        render: (d) =>
          (d.events as typeof list)
            .map(
              (e) =>
                `${e.at} ${e.by ?? "system"}: ${e.kind}${e.field ? ` ${e.field}` : ""}${e.oldValue !== null || e.newValue !== null ? ` ${e.oldValue ?? "∅"} → ${e.newValue ?? "∅"}` : ""}`,
            )
            .join("\n") || "No history.",
      };
    },
  }),
  defineTool({
    name: "generate_report",
    title: "Progress report",
    description:
      "Generate and save the markdown progress report for a period (default: the last 14 days). narrative: true adds a summary by the fast model.",
    tier: "all",
    scope: "read",
    annotations: WRITES,
    input: {
      from: z.string().optional().describe("2026-11-01 or a date-time"),
      to: z.string().optional(),
      timeZone: z.string().optional().describe("IANA zone, e.g. Europe/Berlin"),
      narrative: z.boolean().optional(),
    },
    readMore: "Ask for a shorter period.",
    run: async (a, ctx) => {
      const input = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));
      const r = await generateReport(ctx.actor, ctx.projectId, input);
      return {
        data: {
          id: r.id,
          periodFrom: r.periodFrom,
          periodTo: r.periodTo,
          model: r.model,
          narrativeError: r.narrativeError,
          markdown: r.markdown,
        },
        render: (d) => d.markdown as string,
      };
    },
  }),
];
