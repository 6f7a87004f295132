// The OpenAPI document, generated from the same zod schemas the services parse their input with
// and describe their answers with (lib/validation/responses), so the contract cannot drift from
// the code: responses.test.ts ties the response schemas to the DTO types at compile time, and the
// API specs validate every answer they get against this document (e2e/support/contract.ts).
import "server-only";
import { z } from "zod";
import pkg from "@/package.json";
import { HTTP_STATUS } from "@/lib/errors";
import * as ai from "@/lib/validation/responses/ai";
import * as auth from "@/lib/validation/responses/auth";
import * as chat from "@/lib/validation/responses/chat";
import * as projects from "@/lib/validation/responses/projects";
import * as reports from "@/lib/validation/responses/reports";
import * as tasks from "@/lib/validation/responses/tasks";
import { operations, type Method, type Operation } from "./openapi-operations";

type Json = Record<string, unknown>;

const TARGET = { target: "openapi-3.0", unrepresentable: "any" } as const;
const SCHEMAS = "#/components/schemas/";

/** Shared shapes, named once in components.schemas and referenced wherever they appear. */
const NAMED: Record<string, z.ZodType> = {
  User: auth.userDto,
  Token: auth.tokenDto,
  Project: projects.projectDto,
  Member: projects.memberDto,
  TaskLink: tasks.taskLinkDto,
  Task: tasks.taskDto,
  TaskPage: tasks.taskPageDto,
  Note: tasks.noteDto,
  TaskEvent: tasks.eventDto,
  ReportSummary: reports.reportSummaryDto,
  ReportStats: reports.reportStatsDto,
  Report: reports.reportDto,
  ChatThread: chat.chatThreadDto,
  ChatMessage: chat.chatMessageDto,
  Proposal: chat.proposalDto,
  AiSettings: ai.aiSettingsDto,
  ExpandDraft: ai.expandDraftDto,
};

const errorCodes = [...new Set([...Object.keys(HTTP_STATUS), "internal"])];
const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", enum: errorCodes },
        message: { type: "string", description: "A sentence a person can read" },
        details: {
          description: "More about the error, e.g. the current task on a version conflict, or the cycle a dependency would close",
        },
      },
      required: ["code", "message", "details"],
    },
  },
  required: ["error"],
};

/** The error answers, by status; each operation lists the ones it can give. */
const ERRORS: Record<number, { name: string; description: string; headers?: Json }> = {
  400: { name: "BadRequest", description: "The body is not valid JSON" },
  401: { name: "Unauthenticated", description: "No valid token or session, or wrong credentials" },
  403: {
    name: "Forbidden",
    description: "Not allowed: the token's scope, the role on the project, an admin action, or a cross-site request",
  },
  404: { name: "NotFound", description: "No such project, task or resource (or not visible to you)" },
  409: {
    name: "Conflict",
    description: "The write meets a conflicting state: a stale version (details.current holds the task now), a duplicate",
  },
  413: { name: "TooLarge", description: "The body, or a count or nesting depth in it, is over its limit (the message says which)" },
  415: { name: "UnsupportedMediaType", description: "The body must be sent as application/json" },
  422: { name: "Invalid", description: "The input does not pass validation (the message names the field)" },
  429: {
    name: "RateLimited",
    description: "Too many attempts; try again later",
    headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
  },
  502: { name: "BadGateway", description: "The model endpoint failed or gave an unusable answer" },
  503: { name: "Unavailable", description: "The database is busy or cannot be written, or no model is configured or reachable" },
  504: { name: "Timeout", description: "The model did not answer in time" },
};

/** The error statuses an operation can answer with, from what its entry says about it. */
export function errorStatuses(path: string, o: Operation): number[] {
  const s = new Set<number>(o.errors);
  if (!o.public) s.add(401).add(403);
  if (o.security?.some((r) => Object.keys(r).length === 0)) s.add(401); // wrong credentials
  if (path.includes("{")) s.add(404).add(422);
  if (o.body) s.add(400).add(413).add(415).add(422);
  if (o.query) s.add(422);
  if (o.conflict) s.add(409);
  if (o.throttled) s.add(429);
  if (o.ai) s.add(502).add(504);
  s.add(503); // the database is busy, on any route
  return [...s].sort((a, b) => a - b);
}

/**
 * OpenAPI 3.0 has no `type: "null"`: `nullable` must sit beside a `type`. zod writes a nullable
 * union as `{nullable, anyOf}` (it becomes a union of nullable members) and a nullable named
 * shape as `{nullable, allOf: [$ref]}` (the shape is written out, nullable). `$id` has no place here.
 */
function fixup(node: unknown, named: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => fixup(n, named));
  if (!node || typeof node !== "object") return node;
  const { $id: _id, ...rest } = node as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, fixup(v, named)]));
  const only = (out.allOf as Json[] | undefined)?.length === 1 ? (out.allOf as Json[])[0]! : null;
  if (only?.$ref && Object.keys(out).every((k) => k === "allOf" || k === "nullable")) {
    return out.nullable === true ? orNull(only, named) : only;
  }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return orNull(out, named);
  }
  // A nullable enum lists null among its values too (OpenAPI 3.0.3), or validators refuse the null.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** `s` or null, said the way OpenAPI 3.0 can. */
function orNull(s: Json, named: Record<string, unknown>): Json {
  if (typeof s.$ref === "string") return orNull(fixup(named[s.$ref.slice(SCHEMAS.length)], named) as Json, named);
  if (s.type !== undefined) return { ...s, nullable: true };
  for (const key of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(s[key])) return { ...s, [key]: (s[key] as Json[]).map((m) => orNull(m, named)) };
  }
  return s; // no type at all: it takes null already
}

const inputSchema = (s: z.ZodType) => fixup(z.toJSONSchema(s, { ...TARGET, io: "input" }), {}) as Json;

const pascal = (id: string) => id[0]!.toUpperCase() + id.slice(1);
const responseSchema = (o: Operation): z.ZodType | undefined =>
  o.returns === undefined ? undefined : o.returns instanceof z.ZodType ? o.returns : z.strictObject(o.returns);

function parameters(path: string, o: Operation) {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1]!,
    in: "path",
    required: true,
    schema: { type: "string" },
    ...(m[1] === "ref" || m[1] === "dependsOnRef" ? { description: "A task ref: 12, or 12.3 for a subtask" } : {}),
  }));
  const q = o.query ? inputSchema(o.query) : null;
  const required = new Set((q?.required as string[] | undefined) ?? []);
  const inQuery = Object.entries((q?.properties as Record<string, Json> | undefined) ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema,
  }));
  const inHeaders = Object.entries(o.headers ?? {}).map(([name, description]) => ({
    name,
    in: "header",
    required: false,
    description,
    schema: { type: "string" },
  }));
  return [...inPath, ...inQuery, ...inHeaders];
}

function success(o: Operation, ref: Json | null): Json {
  const status = String(o.ok ?? 200);
  if (status === "204") return { [status]: { description: "Done; no body" } };
  if (o.alsoOk?.length) {
    const { alsoOk: _also, ...rest } = o;
    return Object.assign({}, success(rest, ref), ...o.alsoOk.map((s) => success({ ...rest, ok: s }, ref)));
  }
  const content: Json = {};
  if (ref) content["application/json"] = { schema: ref };
  if (o.page) content["text/html"] = { schema: { type: "string" } };
  if (o.file) content[o.file.mediaType] = { schema: { type: "string", format: "binary" } };
  if (o.sse)
    content["text/event-stream"] = { schema: { type: "string", description: "Server-sent events (see the operation's description)" } };
  const headers = o.download
    ? {
        headers: {
          "Content-Disposition": {
            description: `attachment; filename="${o.file?.filename ?? "<tag>-tasks.json"}"`,
            schema: { type: "string" },
          },
        },
      }
    : {};
  return { [status]: { description: o.sse === "only" ? "A stream of server-sent events" : "Success", ...headers, content } };
}

function operation(path: string, o: Operation, responseRef: Json | null) {
  const params = parameters(path, o);
  const responses: Json = { ...success(o, responseRef) };
  for (const status of errorStatuses(path, o)) responses[String(status)] = { $ref: `#/components/responses/${ERRORS[status]!.name}` };
  const security = o.public ? [] : o.security;
  return {
    operationId: o.id,
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    tags: [tagOf(path)],
    ...(security ? { security } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(o.body
      ? {
          requestBody: {
            // A body every field of which is optional may be left out entirely.
            required: !o.body.safeParse({}).success,
            content: { "application/json": { schema: inputSchema(o.body) } },
          },
        }
      : {}),
    responses,
  };
}

const TAGS: Record<string, string> = {
  accounts: "Accounts, instance settings and API tokens",
  projects: "Projects and members",
  tasks: "Tasks, dependencies, notes and history",
  plan: "Views of the plan: next task, overview, graph, board, live updates, checks",
  reports: "Progress reports",
  ai: "AI jobs, settings, endpoint status and the run log",
  chat: "The planning chat",
  "import-export": "Task Master import and export",
  integrations: "GitHub: linked repositories, the webhook receiver and its delivery log",
  meta: "This document",
  operations: "Backups and alerts (admin)",
};

function tagOf(path: string): string {
  const [first, , third] = path.split("/").filter(Boolean);
  if (first === "ai") return "ai";
  if (first === "admin") return "operations";
  if (first === "import") return "import-export";
  if (first === "integrations") return "integrations";
  if (first === "openapi.json" || first === "reference") return "meta";
  if (first !== "projects") return "accounts";
  switch (third) {
    case undefined:
    case "members":
      return "projects";
    case "tasks":
      return "tasks";
    case "reports":
      return "reports";
    case "ai":
      return "ai";
    case "chat":
      return "chat";
    case "export":
      return "import-export";
    case "integrations":
      return "integrations";
    default:
      return "plan";
  }
}

export function openApiDocument() {
  // Named shapes first, then each operation's answer under <OperationId>Response; one pass of
  // z.toJSONSchema over the registry turns every shared shape into a $ref.
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED)) registry.add(schema, { id });
  const responseIds = new Map<Operation, string>();
  for (const methods of Object.values(operations)) {
    for (const o of Object.values(methods)) {
      const s = responseSchema(o!);
      if (!s) continue;
      if (!registry.has(s)) registry.add(s, { id: `${pascal(o!.id)}Response` });
      responseIds.set(o!, registry.get(s)!.id);
    }
  }
  const { schemas } = z.toJSONSchema(registry, { ...TARGET, uri: (id) => SCHEMAS + id }) as { schemas: Record<string, unknown> };

  const paths: Record<string, Json> = {};
  for (const [path, methods] of Object.entries(operations)) {
    paths[path] = Object.fromEntries(
      (Object.entries(methods) as [Method, Operation][]).map(([m, o]) => {
        const id = responseIds.get(o);
        return [m, operation(path, o, id ? { $ref: SCHEMAS + id } : null)];
      }),
    );
  }

  const responses = Object.fromEntries(
    Object.values(ERRORS).map((e) => [
      e.name,
      {
        description: e.description,
        ...(e.headers ? { headers: e.headers } : {}),
        content: { "application/json": { schema: { $ref: `${SCHEMAS}Error` } } },
      },
    ]),
  );

  return {
    openapi: "3.0.3",
    info: {
      title: "Cairn API",
      version: pkg.version,
      description:
        "Projects, tasks and dependencies, AI planning jobs and progress reports. Send an API token as `Authorization: Bearer <token>` " +
        '(create one with POST /tokens). Errors are always `{"error": {"code", "message", "details"}}`.',
    },
    servers: [{ url: "/api/v1" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token from Settings → Account → API tokens, or from POST /tokens" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session of a signed-in user" },
      },
      schemas: { ...(fixup(schemas, schemas) as Json), Error: errorSchema },
      responses,
    },
  };
}
