// The assistant's tools. Reading tools go through the task services (with the user's own
// rights); proposing tools write nothing: they check the proposal against the project and show
// it to the user as a card, which only the user can accept.
import { generateId, tool, type UIMessageStreamWriter } from "ai";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { getTask } from "@/lib/tasks/get-task";
import { listTasks } from "@/lib/tasks/list-tasks";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import {
  proposalPayload,
  proposeDependencyInput,
  proposeEditInput,
  proposeStatusInput,
  proposeTaskInput,
  readTaskInput,
  searchTasksInput,
  type ProposalPayload,
} from "@/lib/validation/chat";
import { checkProposal, describeProposal } from "./proposals";
import type { ChatUIMessage, Proposal } from "./types";

type Writer = UIMessageStreamWriter<ChatUIMessage>;

/** Checks a proposal and, when it fits the project, shows it as a card. */
export async function showProposal(writer: Writer, projectId: string, payload: ProposalPayload) {
  const g = await getProjectGraph(projectId);
  const problem = checkProposal(g, payload);
  if (problem) return { shown: false as const, problem };
  const proposal: Proposal = { ...payload, id: generateId(), state: "pending" };
  writer.write({ type: "data-proposal", id: proposal.id, data: proposal });
  return { shown: true as const, proposal, summary: describeProposal(g, payload) };
}

// The cards of one answer appear in the order the model proposed them: its tool calls run side by
// side, and each check reads the database (on PostgreSQL, over several connections), so each
// proposal waits for the one before it.
const proposalQueues = new WeakMap<Writer, Promise<unknown>>();

async function propose(writer: Writer, projectId: string, payload: ProposalPayload) {
  const before = proposalQueues.get(writer) ?? Promise.resolve();
  const shown = before.then(() => showProposal(writer, projectId, payload));
  proposalQueues.set(
    writer,
    shown.catch(() => undefined),
  );
  const r = await shown;
  if (!r.shown) return { notShown: `This proposal cannot be applied: ${r.problem}` };
  return { shownToUser: r.summary, note: "The user sees this as a card and decides; nothing has changed yet." };
}

export function chatTools(actor: Actor, projectId: string, writer: Writer) {
  return {
    searchTasks: tool({
      description: "Find tasks by words in their title or description, optionally by status. Returns up to 25.",
      inputSchema: searchTasksInput,
      execute: async ({ query, status }) => {
        const page = await listTasks(actor, projectId, { text: query || undefined, status: status, limit: 25 });
        return {
          total: page.total,
          tasks: page.tasks.map((t) => ({
            ref: t.ref,
            title: t.title,
            status: t.status,
            priority: t.priority,
            dependencies: t.dependencies,
            blocked: t.blocked,
          })),
        };
      },
    }),
    readTask: tool({
      description: "Read one task in full: description, details, status, prerequisites, subtasks, complexity.",
      inputSchema: readTaskInput,
      execute: async ({ ref }) => {
        try {
          const t = await getTask(actor, projectId, ref);
          return {
            ref: t.ref,
            title: t.title,
            status: t.status,
            priority: t.priority,
            description: t.description,
            details: t.details.slice(0, 4000),
            testStrategy: t.testStrategy.slice(0, 1000),
            complexity: t.complexity,
            dependencies: t.dependencies,
            blockedBy: t.blockedBy.map((b) => b.ref),
            subtasks: t.subtasks.map((s) => ({ ref: s.ref, title: s.title, status: s.status })),
            dependents: t.dependents,
          };
        } catch (e) {
          if (isAppError(e)) return { error: e.message };
          throw e;
        }
      },
    }),
    proposeTask: tool({
      description: "Propose a new task (or a subtask of an existing task). Shown to the user as a card to accept or decline.",
      inputSchema: proposeTaskInput,
      execute: (input) => propose(writer, projectId, proposalPayload.parse({ ...input, kind: "task" })),
    }),
    proposeEdit: tool({
      description: "Propose changing an existing task's title, description, details or priority. Shown to the user as a card.",
      inputSchema: proposeEditInput,
      execute: (input) => propose(writer, projectId, proposalPayload.parse({ ...input, kind: "edit" })),
    }),
    proposeStatus: tool({
      description: "Propose a new status for an existing task. Shown to the user as a card.",
      inputSchema: proposeStatusInput,
      execute: (input) => propose(writer, projectId, proposalPayload.parse({ ...input, kind: "status" })),
    }),
    proposeDependency: tool({
      description: "Propose that one existing task waits for another (a dependency). Shown to the user as a card.",
      inputSchema: proposeDependencyInput,
      execute: (input) => propose(writer, projectId, proposalPayload.parse({ ...input, kind: "dependency" })),
    }),
  };
}
