// The OpenAPI document is generated from the same zod schemas the services parse with, so
// the contract cannot drift from what the server accepts.
import "server-only";
import { z } from "zod";
import pkg from "@/package.json";
import { createTokenInput, createTokenWithCredentialsInput, createUserInput, instanceSettingsInput, signUpInput } from "@/lib/validation/auth";
import { addMemberInput, createProjectInput, updateMemberInput, updateProjectInput } from "@/lib/validation/projects";
import { modelTestInput, pullInput } from "@/lib/validation/ai-admin";
import { chatTurnInput, decideProposalsInput, threadTitleInput } from "@/lib/validation/chat";
import { reportInput, reportListQuery } from "@/lib/validation/reports";
import { addDependencyInput, addNoteInput, createTaskInput, listTasksQuery, moveTaskInput, updateTaskInput } from "@/lib/validation/tasks";
import { graphQuery } from "@/lib/validation/graph";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "openapi-3.0" });

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message", "details"],
    },
  },
};

type Op = { summary: string; body?: z.ZodType; query?: z.ZodType; ok?: number; public?: boolean };
const P = { projectId: "path", ref: "path", dependsOnRef: "path", userId: "path", tokenId: "path", job: "path", threadId: "path", reportId: "path" } as const;

function op(o: Op, params: string[]) {
  const parameters = [
    ...params.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...(o.query
      ? Object.entries((schema(o.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, s]) => ({
          name,
          in: "query",
          required: false,
          schema: s,
        }))
      : []),
  ];
  return {
    summary: o.summary,
    ...(o.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(o.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(o.body) } } } } : {}),
    responses: {
      [String(o.ok ?? 200)]: { description: "Success" },
      "4XX": { description: "Client error", content: { "application/json": { schema: errorSchema } } },
    },
  };
}

const routes: Record<string, Partial<Record<"get" | "post" | "patch" | "delete", Op>>> = {
  "/signup": { post: { summary: "Create an account (the first becomes admin)", body: signUpInput, ok: 201, public: true } },
  "/users": { get: { summary: "List users (admin)" }, post: { summary: "Create a user (admin)", body: createUserInput, ok: 201 } },
  "/me": { get: { summary: "The acting user" } },
  "/settings": { get: { summary: "Instance settings" }, patch: { summary: "Change instance settings (admin)", body: instanceSettingsInput } },
  "/tokens": {
    get: { summary: "Your API tokens" },
    post: { summary: "Create a token (with email+password, or signed in)", body: z.union([createTokenWithCredentialsInput, createTokenInput]), ok: 201 },
  },
  "/tokens/{tokenId}": { delete: { summary: "Revoke a token", ok: 204 } },
  "/projects": { get: { summary: "Your projects" }, post: { summary: "Create a project", body: createProjectInput, ok: 201 } },
  "/projects/{projectId}": {
    get: { summary: "A project" },
    patch: { summary: "Rename or describe a project", body: updateProjectInput },
    delete: { summary: "Delete a project (owner)" },
  },
  "/projects/{projectId}/members": { get: { summary: "Members" }, post: { summary: "Add a member by email (owner)", body: addMemberInput, ok: 201 } },
  "/projects/{projectId}/members/{userId}": {
    patch: { summary: "Change a member's role (owner)", body: updateMemberInput },
    delete: { summary: "Remove a member, or leave", ok: 204 },
  },
  "/projects/{projectId}/tasks": {
    get: { summary: "List tasks (filters, cursor pagination)", query: listTasksQuery },
    post: { summary: "Create a task (parent: ref for a subtask)", body: createTaskInput, ok: 201 },
  },
  "/projects/{projectId}/tasks/{ref}": {
    get: { summary: "A task by ref (12 or 12.3)" },
    patch: { summary: "Update a task; a stale version gets 409 with the current task", body: updateTaskInput },
    delete: { summary: "Delete a task and its subtasks; says which tasks lost a prerequisite" },
  },
  "/projects/{projectId}/tasks/{ref}/move": { post: { summary: "Move a card on the board", body: moveTaskInput } },
  "/projects/{projectId}/tasks/{ref}/dependencies": { post: { summary: "Add a prerequisite (cycles are rejected, naming the cycle)", body: addDependencyInput, ok: 201 } },
  "/projects/{projectId}/tasks/{ref}/dependencies/{dependsOnRef}": { delete: { summary: "Remove a prerequisite" } },
  "/projects/{projectId}/tasks/{ref}/notes": { get: { summary: "Notes" }, post: { summary: "Append a note", body: addNoteInput, ok: 201 } },
  "/projects/{projectId}/tasks/{ref}/history": { get: { summary: "Change history" } },
  "/projects/{projectId}/next": { get: { summary: "The next task to work on, and why" } },
  "/projects/{projectId}/overview": { get: { summary: "Completion, counts, next, ready, blocked and most depended-on tasks" } },
  "/projects/{projectId}/graph": {
    get: { summary: "Dependency graph: nodes, edges (prerequisite → dependent), ready tasks and the critical path", query: graphQuery },
  },
  "/projects/{projectId}/board": { get: { summary: "Every top-level task as a board card, in rank order" } },
  "/projects/{projectId}/live": { get: { summary: "Server-sent events: `revision` whenever the plan changes" } },
  "/projects/{projectId}/dependencies/validate": { get: { summary: "Report self, missing and cyclic dependencies" } },
  "/projects/{projectId}/dependencies/fix": { post: { summary: "Remove invalid dependencies and report them" } },
  "/projects/{projectId}/reports": {
    get: { summary: "Saved progress reports, newest first", query: reportListQuery },
    post: { summary: "Generate and save a progress report for a period (default: the last 14 days)", body: reportInput, ok: 201 },
  },
  "/projects/{projectId}/reports/{reportId}": { get: { summary: "One saved report: markdown, figures, narrative" } },
  "/projects/{projectId}/export/taskmaster": { get: { summary: "Export as a Task Master tasks.json" } },
  "/projects/{projectId}/ai/{job}": {
    post: { summary: "Run an AI job (parse-prd, expand, analyze-complexity, update, add-task): a draft, or applied with apply: true; SSE with Accept: text/event-stream", body: z.record(z.string(), z.unknown()) },
  },
  "/projects/{projectId}/ai/{job}/accept": { post: { summary: "Write a reviewed AI draft exactly as given", body: z.record(z.string(), z.unknown()) } },
  "/projects/{projectId}/chat": { post: { summary: "One planning-chat turn, streamed as an AI SDK UI message stream (SSE)", body: chatTurnInput } },
  "/projects/{projectId}/chat/threads": { get: { summary: "Your conversations in this project" }, post: { summary: "Start a conversation", body: threadTitleInput.partial(), ok: 201 } },
  "/projects/{projectId}/chat/threads/{threadId}": {
    get: { summary: "A conversation with its messages and proposal cards" },
    patch: { summary: "Rename a conversation", body: threadTitleInput },
    delete: { summary: "Delete a conversation (accepted changes stay)" },
  },
  "/projects/{projectId}/chat/threads/{threadId}/proposals": {
    post: { summary: "Accept (written in one transaction) or decline proposal cards of one answer", body: decideProposalsInput },
  },
  "/ai/settings": { get: { summary: "AI endpoints, model chains and options" }, patch: { summary: "Change AI settings (admin)", body: z.record(z.string(), z.unknown()) } },
  "/ai/status": { get: { summary: "Endpoint health, installed and loaded models, what each role would use" } },
  "/ai/test": { post: { summary: "Test a model or a role with a tiny structured request", body: modelTestInput } },
  "/ai/pull": { post: { summary: "Pull a model on an endpoint (admin; SSE progress)", body: pullInput } },
  "/ai/runs": { get: { summary: "The AI run log" } },
  "/import/taskmaster": { post: { summary: "Import a Task Master tasks.json (each tag becomes a project)", body: z.record(z.string(), z.unknown()), ok: 201 } },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(routes)) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((p) => p in P);
    paths[path] = Object.fromEntries(Object.entries(methods).map(([m, o]) => [m, op(o!, params)]));
  }
  return {
    openapi: "3.0.3",
    info: { title: "Cairn API", version: pkg.version, description: "Projects, tasks and dependencies. Errors: {error: {code, message, details}}." },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token from Settings → API tokens" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
