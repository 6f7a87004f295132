// One MCP server per request (stateless): the tools this connection offers, the plan and its
// tasks as resources, and the work-next-task prompt — all acting as the token's user.
import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { fitAnswer } from "./present";
import { resolveProject } from "./project";
import { registerPrompts, registerResources } from "./resources";
import type { ToolDef } from "./tool";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const projectArg = z.string().optional().describe("Project slug or id (list_projects)");

const INSTRUCTIONS =
  'Cairn holds this team\'s plan. Tasks have ids like "12" and subtasks "12.3". Start with next_task; ' +
  "set_task_status in-progress before working, append findings with update_subtask, set done when finished. " +
  "Every tool takes `project` (slug or id) unless your token is bound to one project.";

/** Tool failures are results the agent can act on, never protocol errors. */
export function toolError(e: unknown): CallToolResult {
  let message: string;
  if (isAppError(e)) message = e.message;
  else if (e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "P2002") message = "That already exists";
  else {
    console.error("[cairn] MCP tool failed", e);
    message = "Something went wrong on the server";
  }
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Progress notifications for a call that sent a progress token, at most four a second. */
function progressFor(extra: Extra): (message: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  let sent = 0;
  let last = 0;
  return (message) => {
    const now = Date.now();
    if (sent > 0 && now - last < 250) return;
    last = now;
    sent++;
    extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: sent, message } }).catch(() => {});
  };
}

/** `signal`: the HTTP request's, so a client that hangs up stops a model that is still writing. */
export function buildMcpServer(actor: Actor, tools: ToolDef[], opts: { signal?: AbortSignal } = {}): McpServer {
  const server = new McpServer({ name: "cairn", title: "Cairn", version: "1" }, { instructions: INSTRUCTIONS });
  for (const t of tools) {
    const withProject = t.takesProject !== false && !actor.tokenProjectId;
    const inputSchema = withProject ? { project: projectArg, ...t.input } : t.input;
    server.registerTool(
      t.name,
      { title: t.title, description: t.description, inputSchema, annotations: t.annotations },
      async (args: Record<string, unknown>, extra: Extra) => {
        try {
          const { project, ...rest } = args;
          const projectId = t.takesProject === false ? "" : await resolveProject(actor, project as string | undefined);
          const signal = opts.signal ? AbortSignal.any([extra.signal, opts.signal]) : extra.signal;
          const answer = await t.run(rest as never, { actor, projectId, progress: progressFor(extra), signal });
          return fitAnswer(answer, t.readMore ?? "");
        } catch (e) {
          return toolError(e);
        }
      },
    );
  }
  registerResources(server, actor);
  registerPrompts(server, actor);
  return server;
}
