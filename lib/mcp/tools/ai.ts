// The AI tools: the same jobs as POST /ai/{job}. Agents have no review screen, so the result is
// written (in the job's one transaction) unless dryRun; a failed or unusable answer writes nothing.
import { z } from "zod";
import { runAiJob } from "@/lib/ai/jobs";
import { invalid } from "@/lib/errors";
import type { TaskDto } from "@/lib/tasks/types";
import { summarize, summaryLine, type Answer, type Data, type TaskSummary } from "../present";
import { defineTool, dryRun, ref, splitRefs, WRITES, type ToolContext } from "../tool";

interface JobResult {
  draft: unknown;
  warnings: string[];
  model: string;
  endpoint: string;
  cached: boolean;
  applied?: TaskDto | TaskDto[];
  removed?: string[];
}

/** What is being written so far, for a progress message: "3 tasks", or "task 2 of 5 (#4): 3 subtasks". */
function describePartial(p: unknown): string {
  if (!p || typeof p !== "object") return "writing";
  const o = p as Record<string, unknown>;
  if (typeof o.step === "number" && typeof o.steps === "number") {
    const refs = Array.isArray(o.refs) ? ` (${o.refs.map((r) => `#${r}`).join(", ")})` : "";
    return `part ${o.step} of ${o.steps}${refs}: ${describePartial(o.partial)}`;
  }
  for (const key of ["tasks", "subtasks"]) {
    const list = o[key];
    if (Array.isArray(list)) return `${list.length} ${key} so far`;
  }
  return "writing";
}

export async function runJob(ctx: ToolContext, job: string, args: Record<string, unknown>, dry: boolean | undefined): Promise<Answer> {
  const input = Object.fromEntries(Object.entries({ ...args, apply: !dry }).filter(([, v]) => v !== undefined));
  let model = "";
  const r = (await runAiJob(ctx.actor, ctx.projectId, job, input, {
    onModel: (m) => {
      model = m.model;
      ctx.progress(`${m.model} is answering`);
    },
    onPartial: (p) => ctx.progress(`${model || "the model"}: ${describePartial(p)}`),
    signal: ctx.signal,
  })) as JobResult;
  const applied = r.applied === undefined ? null : (Array.isArray(r.applied) ? r.applied : [r.applied]).map(summarize);
  const data: Data = {
    written: applied !== null,
    model: r.model,
    endpoint: r.endpoint,
    cached: r.cached,
    warnings: r.warnings,
    // Scores are the point of an analysis: keep them in the answer even when written.
    ...(applied ? { tasks: applied } : {}),
    ...(!applied || job === "analyze-complexity" ? { draft: r.draft } : {}),
    ...(r.removed?.length ? { removed: r.removed } : {}),
  };
  return {
    data,
    render: (d) => {
      const head = `${d.written ? "Written" : "Draft only (dryRun: nothing written)"} — answered by ${r.model}${r.cached ? " (cached)" : ""}.`;
      const warn = r.warnings.length ? `\nWarnings:\n${r.warnings.map((w) => `- ${w}`).join("\n")}` : "";
      const lines = d.tasks ? (d.tasks as TaskSummary[]).map(summaryLine).join("\n") : "";
      const body = [lines, d.draft === undefined ? "" : JSON.stringify(d.draft)].filter(Boolean).join("\n");
      return `${head}${warn}\n${body}`;
    },
  };
}

const num = z.number().int().min(1).max(50).optional();

export const aiTools = [
  defineTool({
    name: "parse_prd",
    title: "Plan from a PRD",
    description:
      "The model turns a requirements document into tasks with dependencies, added after the current plan. Send the text itself, not a path.",
    tier: "core",
    scope: "write",
    annotations: WRITES,
    input: {
      prd: z.string().optional().describe("The document's text"),
      input: z.string().optional(),
      numTasks: z.number().int().min(1).max(100).optional(),
      dryRun,
    },
    readMore: "Use dryRun: false to write, then get_tasks to page through the tasks.",
    run: (a, ctx) => {
      // Task Master's `input` is a file path; Cairn runs elsewhere and needs the text itself.
      const prd = a.prd ?? a.input;
      if (prd !== undefined && !a.prd && /^[^\s]+\.(txt|md|markdown)$/i.test(prd.trim())) {
        throw invalid(`prd: Cairn runs on a server and cannot read ${prd.trim()} on your machine; send the document's text as prd`);
      }
      return runJob(ctx, "parse-prd", { prd: prd ?? "", numTasks: a.numTasks, mode: "append" }, a.dryRun);
    },
  }),
  defineTool({
    name: "expand_task",
    title: "Expand into subtasks",
    description: "The model breaks a top-level task into subtasks (num, default: its recommended count or 5), added after any it has.",
    tier: "core",
    scope: "write",
    annotations: WRITES,
    input: { id: ref, num, prompt: z.string().optional().describe("Extra guidance for the model"), dryRun },
    run: (a, ctx) => runJob(ctx, "expand", { ref: a.id, num: a.num, prompt: a.prompt, mode: "append" }, a.dryRun),
  }),
  defineTool({
    name: "expand_all",
    title: "Expand all",
    description: "Expand every pending top-level task that has no subtasks yet.",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: { num, prompt: z.string().optional(), dryRun },
    readMore: "Use get_tasks with withSubtasks to page through what was written.",
    run: (a, ctx) => runJob(ctx, "expand", { all: true, num: a.num, prompt: a.prompt }, a.dryRun),
  }),
  defineTool({
    name: "analyze_project_complexity",
    title: "Analyse complexity",
    description: "The model scores open top-level tasks (or ids) 1–10 and recommends subtask counts; scores are stored on the tasks.",
    tier: "standard",
    scope: "write",
    annotations: WRITES,
    input: { ids: z.string().optional().describe('Only these, e.g. "3,5"'), threshold: z.number().int().min(1).max(10).optional(), dryRun },
    run: (a, ctx) => {
      const refs = splitRefs(a.ids);
      return runJob(ctx, "analyze-complexity", { refs: refs.length ? refs : undefined, threshold: a.threshold }, a.dryRun);
    },
  }),
];
