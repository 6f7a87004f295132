// Every operation of /api/v1, one entry each: what it takes (the zod schemas the services parse
// with) and what it answers (the response schemas in lib/validation/responses). openapi.ts turns
// this table into the document; error statuses follow from the entry (see `errorStatuses`), so a
// new route needs one line here, plus `conflict`/`ai`/`throttled` when they apply.
import { z } from "zod";
import { createModelInput, deleteModelQuery, modelTestInput, pullInput, warmModelInput } from "@/lib/validation/ai-admin";
import { benchStartInput } from "@/lib/validation/ai-bench";
import { aiSettingsInput } from "@/lib/validation/ai";
import {
  acceptAddTaskInput,
  acceptComplexityInput,
  acceptExpandInput,
  acceptUpdateInput,
  addTaskInput,
  analyzeComplexityInput,
  applyPlanInput,
  expandInput,
  parsePrdInput,
  updateTasksInput,
} from "@/lib/validation/ai-jobs";
import {
  changePasswordInput,
  createTokenInput,
  createTokenWithCredentialsInput,
  createUserInput,
  instanceSettingsInput,
  signUpInput,
  updateUserInput,
} from "@/lib/validation/auth";
import { chatTurnInput, decideProposalsInput, threadTitleInput } from "@/lib/validation/chat";
import { deliveriesQuery, linkRepositoryInput, updateGithubLinkInput } from "@/lib/validation/github";
import { graphQuery } from "@/lib/validation/graph";
import { addMemberInput, createProjectInput, importOptionsInput, updateMemberInput, updateProjectInput } from "@/lib/validation/projects";
import { reportInput, reportListQuery } from "@/lib/validation/reports";
import {
  addDependencyInput,
  addNoteInput,
  createTaskInput,
  deleteTaskQuery,
  listTasksQuery,
  moveTaskInput,
  updateTaskInput,
} from "@/lib/validation/tasks";
import { backupSettingsInput } from "@/lib/validation/ops";
import { myTasksQuery, searchQuery } from "@/lib/validation/search";
import * as ai from "@/lib/validation/responses/ai";
import * as bench from "@/lib/validation/responses/ai-bench";
import * as auth from "@/lib/validation/responses/auth";
import * as chat from "@/lib/validation/responses/chat";
import * as ops from "@/lib/validation/responses/ops";
import * as github from "@/lib/validation/responses/github";
import * as projects from "@/lib/validation/responses/projects";
import * as reports from "@/lib/validation/responses/reports";
import * as tasks from "@/lib/validation/responses/tasks";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface Operation {
  /** The operationId: a verbNoun, unique in the document. */
  id: string;
  summary: string;
  description?: string;
  /** The success status (default 200). */
  ok?: number;
  /** Further success statuses with the same body (e.g. 202 for a delivery that changed nothing). */
  alsoOk?: number[];
  /**
   * The success body: a schema, or the fields of an object (`{ task: taskDto }`). Omitted with
   * `ok: 204`, or when the answer is only a stream.
   */
  returns?: z.ZodType | z.ZodRawShape;
  /** `only`: the answer is always server-sent events; `accept`: SSE with Accept: text/event-stream. */
  sse?: "only" | "accept";
  /** An HTML page rather than data. */
  page?: boolean;
  /** Sent as a file download (Content-Disposition: attachment). */
  download?: boolean;
  /** The download is a file of this media type (not JSON); `filename` shows what its name looks like. */
  file?: { mediaType: string; filename: string };
  body?: z.ZodType;
  query?: z.ZodType;
  /** Request headers the operation reads, by name: what each means. */
  headers?: Record<string, string>;
  /** No credentials needed (security: []). */
  public?: boolean;
  /** Answers 409 when the write meets a conflicting state (a stale version, a duplicate). */
  conflict?: boolean;
  /** Calls a model: 502 (the endpoint failed), 503 (none configured or reachable), 504 (time-out). */
  ai?: boolean;
  /** Throttled: 429 with Retry-After. */
  throttled?: boolean;
  /** Statuses the rules above do not give. */
  errors?: number[];
  /** Overrides the document's security requirement (e.g. credentials or a session). */
  security?: Record<string, string[]>[];
}

type Path = Partial<Record<Method, Operation>>;

const task = { task: tasks.taskDto };
const tokenBody = z.union([
  createTokenWithCredentialsInput.describe("With email and password: no session or token needed (for scripts)"),
  createTokenInput.describe("Signed in: for the session's user"),
]);

/** The AI jobs: one path each, so each documents its own body and draft. */
const aiJob = (
  job: string,
  id: string,
  acceptId: string,
  label: string,
  o: { body: z.ZodType; returns: z.ZodType; accept: z.ZodType; accepted: z.ZodType },
) =>
  ({
    [`/projects/{projectId}/ai/${job}`]: {
      post: {
        id,
        summary: `${label}: a draft to review, or written at once with apply: true`,
        description:
          "JSON by default; with Accept: text/event-stream, server-sent events `model`, `partial` (the draft as it streams), then `result` (this body) or `error`.",
        body: o.body,
        returns: o.returns,
        sse: "accept",
        ai: true,
        conflict: true,
      },
    },
    [`/projects/{projectId}/ai/${job}/accept`]: {
      post: {
        id: acceptId,
        summary: `Write a reviewed ${label.toLowerCase()} draft exactly as given`,
        ok: 201,
        body: o.accept,
        returns: o.accepted,
        conflict: true,
      },
    },
  }) satisfies Record<string, Path>;

/** What a GitHub webhook delivery must at least hold; GitHub sends far more. */
const webhookPayload = z
  .looseObject({ repository: z.looseObject({ full_name: z.string().describe("owner/repo: picks the linked project") }) })
  .describe("GitHub's webhook payload (issues, pull_request, push or ping), as GitHub sends it");

export const operations: Record<string, Path> = {
  "/integrations/github": {
    post: {
      id: "receiveGithubWebhook",
      summary: "GitHub's webhook: a signed delivery for a linked repository",
      description:
        "Checks X-Hub-Signature-256 over the exact body with the link's secret (401 when missing or wrong), applies the delivery once per X-GitHub-Delivery (a redelivery answers 200 with `duplicate: true`), answers 202 for events that change nothing, and 404 for a repository no project links.",
      body: webhookPayload,
      headers: {
        "X-GitHub-Event": "issues, pull_request, push or ping",
        "X-GitHub-Delivery": "The delivery's id (the same on a redelivery)",
        "X-Hub-Signature-256": "sha256=<HMAC of the body with the webhook secret>",
      },
      returns: github.webhookAnswerDto,
      alsoOk: [202],
      public: true,
      errors: [401, 404],
    },
  },
  "/signup": {
    post: {
      id: "signUp",
      summary: "Create an account (the first becomes admin; later ones need open sign-up)",
      ok: 201,
      body: signUpInput,
      returns: { user: auth.userDto },
      public: true,
      conflict: true,
      throttled: true,
      errors: [403],
    },
  },
  "/users": {
    get: { id: "listUsers", summary: "List users (admin)", returns: { users: z.array(auth.userDto) } },
    post: {
      id: "createUser",
      summary: "Create a user (admin)",
      ok: 201,
      body: createUserInput,
      returns: { user: auth.userDto },
      conflict: true,
    },
  },
  "/users/{userId}": {
    patch: {
      id: "updateUser",
      summary: "Disable or enable an account (admin); disabling ends its sessions and stops its tokens",
      body: updateUserInput,
      returns: { user: auth.userDto },
    },
  },
  "/me": { get: { id: "getMe", summary: "The acting user, and the token's scopes", returns: auth.meDto } },
  "/me/tasks": {
    get: {
      id: "listMyTasks",
      summary: "Tasks assigned to you, across your projects",
      description:
        "A task is yours when its assignee is your email or your name (any letter case). Open work (not done or cancelled) by default, `include=all` for every one; soonest due first, then higher priority. A project-bound token sees its project only.",
      query: myTasksQuery,
      returns: tasks.taskHitsDto,
    },
  },
  "/search": {
    get: {
      id: "searchTasks",
      summary: "Search tasks across every project you can see",
      description:
        'Every word of `q` must match the task\'s title, its project\'s name or its ref ("26", "#26", "26.3"), in any letter case. The exact ref comes first, then titles starting with `q`, then the most recently changed. An empty `q` answers the recently changed tasks. A project-bound token sees its project only.',
      query: searchQuery,
      returns: tasks.taskHitsDto,
    },
  },
  "/me/password": {
    post: {
      id: "changePassword",
      summary: "Change your password; your other sessions end",
      body: changePasswordInput,
      returns: auth.revokedSessionsDto,
      throttled: true,
    },
  },
  "/me/sessions": {
    delete: { id: "signOutEverywhere", summary: "Sign out everywhere: every session of yours ends", returns: auth.revokedSessionsDto },
  },
  "/invitations": {
    get: { id: "listMyInvitations", summary: "Invitations waiting for you", returns: { invitations: z.array(projects.myInvitationDto) } },
  },
  "/invitations/{invitationId}/accept": {
    post: {
      id: "acceptInvitation",
      summary: "Accept an invitation: you become a member with its role",
      returns: { project: projects.projectDto },
    },
  },
  "/invitations/{invitationId}/decline": { post: { id: "declineInvitation", summary: "Decline an invitation", ok: 204 } },
  "/settings": {
    get: { id: "getInstanceSettings", summary: "Instance settings", returns: { settings: auth.instanceSettingsDto } },
    patch: {
      id: "updateInstanceSettings",
      summary: "Change instance settings (admin)",
      body: instanceSettingsInput,
      returns: { settings: auth.instanceSettingsDto },
    },
  },
  "/tokens": {
    get: { id: "listTokens", summary: "Your API tokens", returns: { tokens: z.array(auth.tokenDto) } },
    post: {
      id: "createToken",
      summary: "Create a token: with email and password (public), or signed in",
      description:
        "With `email` and `password` in the body no credentials are needed: this is how scripts get their first token. Without them, the token is created for the signed-in user (a browser session).",
      ok: 201,
      body: tokenBody,
      returns: auth.createdTokenDto,
      throttled: true,
      security: [{}, { session: [] }],
    },
  },
  "/tokens/{tokenId}": { delete: { id: "revokeToken", summary: "Revoke one of your tokens", ok: 204 } },
  "/projects": {
    get: { id: "listProjects", summary: "Your projects", returns: { projects: z.array(projects.projectDto) } },
    post: {
      id: "createProject",
      summary: "Create a project",
      ok: 201,
      body: createProjectInput,
      returns: { project: projects.projectDto },
    },
  },
  "/projects/{projectId}": {
    get: { id: "getProject", summary: "A project", returns: { project: projects.projectDto } },
    patch: {
      id: "updateProject",
      summary: "Rename or describe a project",
      body: updateProjectInput,
      returns: { project: projects.projectDto },
    },
    delete: { id: "deleteProject", summary: "Delete a project and its tasks (owner)", returns: projects.deletedProjectDto },
  },
  "/projects/{projectId}/members": {
    get: { id: "listMembers", summary: "Members", returns: { members: z.array(projects.memberDto) } },
    post: {
      id: "inviteMember",
      summary: "Invite someone by email (owner): they become a member when they accept",
      description: "The answer is the same whether or not an account uses the address.",
      ok: 201,
      body: addMemberInput,
      returns: { invitation: projects.invitationDto },
      conflict: true,
    },
  },
  "/projects/{projectId}/invitations": {
    get: {
      id: "listProjectInvitations",
      summary: "Pending invitations (owner)",
      returns: { invitations: z.array(projects.invitationDto) },
    },
  },
  "/projects/{projectId}/invitations/{invitationId}": {
    delete: { id: "cancelInvitation", summary: "Cancel a pending invitation (owner)", ok: 204 },
  },
  "/projects/{projectId}/members/{userId}": {
    patch: {
      id: "updateMember",
      summary: "Change a member's role (owner)",
      body: updateMemberInput,
      returns: { member: projects.memberDto },
      conflict: true,
    },
    delete: { id: "removeMember", summary: "Remove a member, or leave", ok: 204, conflict: true },
  },
  "/projects/{projectId}/integrations/github": {
    get: {
      id: "listGithubLinks",
      summary: "Linked GitHub repositories (owner; no secrets)",
      returns: { links: z.array(github.githubLinkDto) },
    },
    post: {
      id: "linkGithubRepository",
      summary: "Link a GitHub repository (owner): the answer holds the webhook secret, once",
      ok: 201,
      body: linkRepositoryInput,
      returns: { link: github.githubLinkWithSecretDto },
      conflict: true,
    },
  },
  "/projects/{projectId}/integrations/github/{linkId}": {
    patch: {
      id: "updateGithubLink",
      summary: "Change a link's label filter (owner)",
      body: updateGithubLinkInput,
      returns: { link: github.githubLinkDto },
    },
    delete: { id: "unlinkGithubRepository", summary: "Unlink a repository (owner): its deliveries stop; its tasks stay", ok: 204 },
  },
  "/projects/{projectId}/integrations/github/{linkId}/rotate": {
    post: {
      id: "rotateGithubSecret",
      summary: "A new webhook secret (owner): the old one stops working; the answer holds the new one, once",
      returns: { link: github.githubLinkWithSecretDto },
    },
  },
  "/projects/{projectId}/integrations/github/deliveries": {
    get: {
      id: "listGithubDeliveries",
      summary: "The project's GitHub delivery log, newest first (owner)",
      query: deliveriesQuery,
      returns: { deliveries: z.array(github.githubDeliveryDto) },
    },
  },
  "/projects/{projectId}/integrations/github/deliveries/{logId}/replay": {
    post: {
      id: "replayGithubDelivery",
      summary: "Apply a failed delivery again from its kept payload (owner)",
      returns: { delivery: github.githubDeliveryDto },
      conflict: true,
    },
  },
  "/projects/{projectId}/tasks": {
    get: { id: "listTasks", summary: "List tasks (filters, cursor pagination)", query: listTasksQuery, returns: tasks.taskPageDto },
    post: { id: "createTask", summary: "Create a task (parent: ref for a subtask)", ok: 201, body: createTaskInput, returns: task },
  },
  "/projects/{projectId}/tasks/{ref}": {
    get: { id: "getTask", summary: "A task by ref (12 or 12.3)", returns: task },
    patch: {
      id: "updateTask",
      summary: "Update a task; a stale version gets 409 with the current task",
      description:
        "`addLabels`/`removeLabels` and `addDependencies`/`removeDependencies` change lists without overwriting concurrent edits. The answer's ETag is the task's version.",
      body: updateTaskInput,
      headers: { "If-Match": "The version you last read (as in the ETag), instead of `version` in the body" },
      returns: task,
      conflict: true,
    },
    delete: {
      id: "deleteTask",
      summary: "Delete a task and its subtasks; says which tasks lost a prerequisite",
      description: "With `dryRun=true` nothing is deleted: the answer says what the delete would remove and who would lose a prerequisite.",
      query: deleteTaskQuery,
      returns: tasks.deletedTaskDto,
    },
  },
  "/projects/{projectId}/tasks/{ref}/move": {
    post: { id: "moveTask", summary: "Move a card on the board", body: moveTaskInput, returns: task, conflict: true },
  },
  "/projects/{projectId}/tasks/{ref}/dependencies": {
    post: {
      id: "addDependency",
      summary: "Add a prerequisite (cycles are rejected, naming the cycle)",
      ok: 201,
      body: addDependencyInput,
      returns: task,
      conflict: true,
    },
  },
  "/projects/{projectId}/tasks/{ref}/dependencies/{dependsOnRef}": {
    delete: { id: "removeDependency", summary: "Remove a prerequisite", returns: task, conflict: true },
  },
  "/projects/{projectId}/tasks/{ref}/notes": {
    get: { id: "listNotes", summary: "Notes, oldest first", returns: { notes: z.array(tasks.noteDto) } },
    post: { id: "addNote", summary: "Append a note", ok: 201, body: addNoteInput, returns: { note: tasks.noteDto } },
  },
  "/projects/{projectId}/tasks/{ref}/history": {
    get: { id: "listTaskHistory", summary: "Change history, newest first", returns: { events: z.array(tasks.eventDto) } },
  },
  "/projects/{projectId}/next": { get: { id: "getNextTask", summary: "The next task to work on, and why", returns: tasks.nextTaskDto } },
  "/projects/{projectId}/overview": {
    get: {
      id: "getProjectOverview",
      summary: "Completion, counts, next, ready, blocked and most depended-on tasks",
      returns: tasks.overviewDto,
    },
  },
  "/projects/{projectId}/graph": {
    get: {
      id: "getDependencyGraph",
      summary: "Dependency graph: nodes, edges (prerequisite → dependent), ready tasks and the critical path",
      query: graphQuery,
      returns: tasks.graphDto,
    },
  },
  "/projects/{projectId}/board": {
    get: { id: "getBoard", summary: "Every top-level task as a board card, in rank order", returns: tasks.boardDto },
  },
  "/projects/{projectId}/live": {
    get: {
      id: "watchProject",
      summary: "Live updates: server-sent events",
      description: "`revision` (data: the project's revision number) at once and whenever the plan changes; a comment line as a heartbeat.",
      sse: "only",
    },
  },
  "/projects/{projectId}/dependencies/validate": {
    get: { id: "validateDependencies", summary: "Report self, missing and cyclic dependencies", returns: tasks.dependencyReportDto },
  },
  "/projects/{projectId}/dependencies/fix": {
    post: { id: "fixDependencies", summary: "Remove invalid dependencies and report them", returns: tasks.dependencyFixDto },
  },
  "/projects/{projectId}/reports": {
    get: {
      id: "listReports",
      summary: "Saved progress reports, newest first",
      query: reportListQuery,
      returns: { reports: z.array(reports.reportSummaryDto) },
    },
    post: {
      id: "generateReport",
      summary: "Generate and save a progress report for a period (default: the last 14 days)",
      description:
        "With narrative: true the `fast` model writes a section of its own; when no model answers the report is saved without it and `narrativeError` says why.",
      ok: 201,
      body: reportInput,
      returns: reports.reportDto,
    },
  },
  "/projects/{projectId}/reports/{reportId}": {
    get: { id: "getReport", summary: "One saved report: markdown, figures, narrative", returns: reports.reportDto },
  },
  "/projects/{projectId}/export/taskmaster": {
    get: {
      id: "exportTaskMaster",
      summary: "Export as a tagged Task Master tasks.json (a download)",
      returns: tasks.taskMasterFileDto,
      download: true,
    },
  },
  ...aiJob("parse-prd", "parsePrd", "acceptPlan", "Plan from a PRD", {
    body: parsePrdInput,
    returns: ai.parsePrdResultDto,
    accept: applyPlanInput,
    accepted: ai.acceptedPlanDto,
  }),
  ...aiJob("expand", "expandTask", "acceptExpansion", "Expand into subtasks", {
    body: expandInput,
    returns: z.union([ai.expandResultDto, ai.expandAllResultDto.describe('With "all": true')]),
    accept: acceptExpandInput,
    accepted: ai.acceptedExpansionDto,
  }),
  ...aiJob("analyze-complexity", "analyzeComplexity", "acceptComplexity", "Complexity report", {
    body: analyzeComplexityInput,
    returns: ai.complexityResultDto,
    accept: acceptComplexityInput,
    accepted: ai.acceptedComplexityDto,
  }),
  ...aiJob("update", "updateTasks", "acceptTaskUpdates", "Update tasks from a prompt", {
    body: updateTasksInput,
    returns: ai.updateResultDto,
    accept: acceptUpdateInput,
    accepted: ai.acceptedUpdateDto,
  }),
  ...aiJob("add-task", "addTaskWithAi", "acceptNewTask", "New task from a prompt", {
    body: addTaskInput,
    returns: ai.addTaskResultDto,
    accept: acceptAddTaskInput,
    accepted: ai.acceptedTaskDto,
  }),
  "/projects/{projectId}/chat": {
    post: {
      id: "chatTurn",
      summary: "One planning-chat turn, streamed as an AI SDK UI message stream (SSE)",
      description: "Proposal cards arrive as `data-proposal` parts; nothing changes until they are accepted.",
      body: chatTurnInput,
      sse: "only",
      ai: true,
    },
  },
  "/projects/{projectId}/chat/threads": {
    get: { id: "listThreads", summary: "Your conversations in this project", returns: { threads: z.array(chat.chatThreadDto) } },
    post: {
      id: "createThread",
      summary: "Start a conversation",
      ok: 201,
      body: threadTitleInput.partial(),
      returns: { thread: chat.chatThreadDto },
    },
  },
  "/projects/{projectId}/chat/threads/{threadId}": {
    get: {
      id: "getThread",
      summary: "A conversation with its messages and proposal cards",
      returns: { thread: chat.chatThreadWithMessagesDto },
    },
    patch: { id: "renameThread", summary: "Rename a conversation", body: threadTitleInput, returns: { thread: chat.chatThreadDto } },
    delete: { id: "deleteThread", summary: "Delete a conversation (accepted changes stay)", returns: { deleted: z.literal(true) } },
  },
  "/projects/{projectId}/chat/threads/{threadId}/proposals": {
    post: {
      id: "decideProposals",
      summary: "Accept (written in one transaction) or decline proposal cards of one answer",
      body: decideProposalsInput,
      returns: { message: chat.chatMessageDto },
      conflict: true,
    },
  },
  "/ai/settings": {
    get: { id: "getAiSettings", summary: "AI endpoints, model chains and options", returns: { settings: ai.aiSettingsDto } },
    patch: {
      id: "updateAiSettings",
      summary: "Change AI settings (admin)",
      body: aiSettingsInput,
      returns: { settings: ai.aiSettingsDto },
    },
  },
  "/ai/status": {
    get: {
      id: "getAiStatus",
      summary: "Endpoint health, installed and loaded models, what each role would use",
      returns: { status: ai.aiStatusDto },
    },
  },
  "/ai/test": {
    post: {
      id: "testModel",
      summary: "Test a model or a role with a tiny structured request (a failing model is a result, not an error)",
      body: modelTestInput,
      returns: { result: ai.modelTestDto },
      ai: true,
    },
  },
  "/ai/pull": {
    post: {
      id: "pullModel",
      summary: "Pull a model on an Ollama endpoint (admin): server-sent events",
      description:
        "`progress` while it downloads, then `result` (endpointId, model, status) or `error`. Closing the request cancels the pull.",
      body: pullInput,
      sse: "only",
      ai: true,
    },
  },
  "/ai/bench": {
    get: {
      id: "getModelBench",
      summary: "Model bench runs (newest first), the run going now and a model per role from the latest figures (admin)",
      returns: { bench: bench.benchOverviewDto },
    },
    post: {
      id: "startModelBench",
      summary: "Start a model bench (admin): the standard jobs on each model, one after another, in the background",
      description:
        "Answers 202 at once with the run; read its progress and results with GET /ai/bench/{runId}. One run at a time per instance (409 while another runs). " +
        "A model that is missing or whose endpoint is down gets its own error; the others are still measured.",
      ok: 202,
      body: benchStartInput,
      returns: { run: bench.benchRunDto },
      conflict: true,
    },
  },
  "/ai/bench/{runId}": {
    get: { id: "getModelBenchRun", summary: "One bench run with its progress and results (admin)", returns: { run: bench.benchRunDto } },
  },
  "/ai/bench/{runId}/cancel": {
    post: {
      id: "cancelModelBench",
      summary: "Stop a running bench; what was measured stays (admin)",
      returns: { run: bench.benchRunDto },
    },
  },
  "/ai/models": {
    post: {
      id: "createModel",
      summary: "Create a model on an Ollama endpoint from a Modelfile (admin): server-sent events",
      description:
        "The Modelfile is read by Cairn (FROM an installed model, SYSTEM, TEMPLATE, PARAMETER, MESSAGE, LICENSE) and sent as Ollama's " +
        "`/api/create` fields; num_ctx above the base model's context length is refused. `progress` events carry Ollama's status " +
        "lines, then `result` (endpointId, model, from, status) or `error`. Cairn's settings are not changed.",
      body: createModelInput,
      sse: "only",
      ai: true,
      conflict: true,
    },
    delete: {
      id: "deleteModel",
      summary: "Delete a model from an Ollama endpoint (admin)",
      query: deleteModelQuery,
      returns: { result: ai.deleteModelResultDto },
      ai: true,
    },
  },
  "/ai/models/load": {
    post: {
      id: "loadModel",
      summary: "Load a role's model (or one model) into memory with its role's keep-alive (admin)",
      body: warmModelInput,
      returns: { result: ai.warmResultDto },
      ai: true,
    },
  },
  "/ai/models/unload": {
    post: {
      id: "unloadModel",
      summary: "Unload a role's model (or one model) from memory (admin)",
      body: warmModelInput,
      returns: { result: ai.warmResultDto },
      ai: true,
    },
  },
  "/ai/runs": {
    get: {
      id: "listAiRuns",
      summary: "The AI run log, newest first (the admin sees every run, others their own)",
      returns: { runs: z.array(ai.aiRunDto) },
    },
  },
  "/import/taskmaster": {
    post: {
      id: "importTaskMaster",
      // `into`: the project is not found (404) or already has tasks (409).
      conflict: true,
      errors: [404],
      summary: "Import a Task Master tasks.json: each tag becomes a project, or (mode=update) updates the project imported from it",
      ok: 201,
      query: importOptionsInput,
      // An empty body is refused (nothing to import), so the body is required.
      body: z
        .looseObject({})
        .refine((file) => Object.keys(file).length > 0)
        .describe("A tasks.json as Task Master writes it, tagged or legacy"),
      returns: tasks.importResultDto,
    },
  },
  "/admin/backups": {
    get: {
      id: "listBackups",
      summary: "Backups, newest first, with the schedule and whether the last good one is too old (admin)",
      returns: ops.backupOverviewDto,
    },
    post: {
      id: "createBackup",
      summary:
        "Take a checked backup now (admin); the oldest beyond the number kept are removed. 409 on PostgreSQL, which is backed up with pg_dump",
      ok: 201,
      returns: { backup: ops.backupDto },
      conflict: true,
    },
  },
  "/admin/backups/{name}": {
    get: {
      id: "downloadBackup",
      summary: "Download one backup, an SQLite database file (admin)",
      download: true,
      file: { mediaType: "application/vnd.sqlite3", filename: "cairn-YYYYMMDD-HHMMSS.db" },
    },
  },
  "/admin/backups/settings": {
    patch: {
      id: "updateBackupSettings",
      summary: "Backup interval, how many to keep, and the alert notification URL (admin)",
      body: backupSettingsInput,
      returns: { settings: ops.backupSettingsDto },
    },
  },
  "/admin/alerts": {
    get: {
      id: "listAlerts",
      summary: "What the admin banner shows: AI endpoints down or back up, backups failing or working again (admin)",
      returns: { alerts: z.array(ops.alertDto) },
    },
  },
  "/import/taskmaster/preview": {
    post: {
      id: "previewTaskMasterImport",
      // `into`: the project is not found (404) or already has tasks (409).
      conflict: true,
      errors: [404],
      summary: "What importing this tasks.json would do (tags, counts, warnings, matching projects, changes); writes nothing",
      query: importOptionsInput,
      body: z
        .looseObject({})
        .refine((file) => Object.keys(file).length > 0)
        .describe("A tasks.json as Task Master writes it, tagged or legacy"),
      returns: tasks.importPreviewDto,
    },
  },
  "/openapi.json": {
    get: { id: "getOpenApiDocument", summary: "This document", returns: z.looseObject({ openapi: z.string() }), public: true },
  },
  "/reference": { get: { id: "getApiReference", summary: "This document as a readable page", page: true, public: true } },
};
