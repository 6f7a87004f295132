// The MCP endpoint end to end inside one process: the SDK's own client over Streamable HTTP,
// with fetch answered by the route's handler, against a real SQLite file.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/auth/tokens";
import { getProject } from "@/lib/tasks/projects";
import { getTask } from "@/lib/tasks/get-task";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { makeProject, makeTasks } from "@/lib/test/factories";
import { taskMasterSizedPlan } from "@/lib/test/taskmaster-plan";
import { handleMcpPost } from "./http";

const BASE = "http://localhost:3999";

async function connect(token: string, tools?: string) {
  const client = new Client({ name: "test", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/api/mcp${tools ? `?tools=${tools}` : ""}`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (url, init) => {
      const req = new Request(url, init);
      return req.method === "POST" ? handleMcpPost(req) : new Response(null, { status: 405 });
    },
  });
  await client.connect(transport);
  return client;
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]?.text ?? "";

let owner: Actor;
let projectId: string;
let token: string;
let client: Client;

beforeAll(async () => {
  process.env.NEXTAUTH_URL = BASE;
  ({ actor: owner, projectId } = await makeProject());
  await makeTasks(owner, projectId, [
    { title: "Provision the VM" },
    { title: "Install Ollama", dependencies: ["1"] },
    { title: "Pull a model", dependencies: ["2"] },
  ]);
  token = (await createToken(owner, { name: "agent", scopes: ["read", "write"] })).token;
  client = await connect(token);
});
afterAll(() => client?.close());

describe("MCP over Streamable HTTP", () => {
  it("offers the core tier by default, within 8 KB", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "get_tasks",
      "get_task",
      "next_task",
      "set_task_status",
      "update_subtask",
      "add_task",
      "parse_prd",
      "expand_task",
    ]);
    expect(bytes({ tools })).toBeLessThan(8_000);
    const status = tools.find((t) => t.name === "set_task_status")!;
    expect(status.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(tools.find((t) => t.name === "get_tasks")!.annotations?.readOnlyHint).toBe(true);
  });

  it("works the plan: next task, status, notes, with cycles refused as tool errors", async () => {
    const next = await client.callTool({ name: "next_task", arguments: { project: projectId } });
    expect((next.structuredContent as { task: { ref: string } }).task.ref).toBe("1");
    const set = await client.callTool({ name: "set_task_status", arguments: { project: projectId, id: 1, status: "done" } });
    expect(set.isError).toBeFalsy();
    expect((await getTask(owner, projectId, "1")).status).toBe("done");
    const std = await connect(token, "standard");
    const cycle = await std.callTool({ name: "add_dependency", arguments: { project: projectId, id: "1", dependsOn: "3" } });
    expect(cycle.isError).toBe(true);
    expect(text(cycle)).toContain("#1 → #3 → #2 → #1");
    const missing = await client.callTool({ name: "get_task", arguments: { id: "1" } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("Your projects:");
  });

  it("keeps get_tasks under 20 KB on a Task Master-sized plan, and every answer under 100 KB", async () => {
    const { projects } = await importTaskMaster(owner, taskMasterSizedPlan());
    const big = projects[0]!.id;
    const page = await client.callTool({ name: "get_tasks", arguments: { project: big } });
    expect(bytes(page)).toBeLessThan(20_000);
    const sc = page.structuredContent as { tasks: unknown[]; total: number; nextCursor: string | null };
    expect(sc.total).toBe(100);
    expect(sc.nextCursor).not.toBeNull();
    const all = await client.callTool({ name: "get_tasks", arguments: { project: big, withSubtasks: true, limit: 200 } });
    expect(bytes(all)).toBeLessThan(100_000);
    const huge = await makeTasks(owner, big, [{ title: "Huge" }]);
    await client.callTool({
      name: "add_task",
      arguments: {
        project: big,
        title: "Long",
        details: "x".repeat(99_000),
        testStrategy: "y".repeat(19_000),
        description: "z".repeat(19_000),
      },
    });
    const long = await client.callTool({ name: "get_task", arguments: { project: big, id: Number(huge[0]!.ref) + 1 } });
    expect(long.isError).toBeFalsy();
    expect(bytes(long)).toBeLessThan(100_000);
    expect(text(long)).toMatch(/task\.details: the first \d+ of 99000 characters shown/);
    const longRef = (long.structuredContent as { task: { ref: string } }).task.ref;
    const rest = await client.callTool({ name: "get_task", arguments: { project: big, id: longRef, field: "details", offset: 90_000 } });
    expect(rest.structuredContent).toMatchObject({ total: 99_000, offset: 90_000, nextOffset: null, text: "x".repeat(9_000) });
  });

  it("hides write tools from a read-only token and refuses its writes", async () => {
    const read = (await createToken(owner, { name: "ro", scopes: ["read"] })).token;
    const ro = await connect(read, "all");
    const names = (await ro.listTools()).tools.map((t) => t.name);
    expect(names).toContain("get_tasks");
    expect(names).not.toContain("set_task_status");
    const refused = await ro.callTool({ name: "set_task_status", arguments: { project: projectId, id: "2", status: "done" } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("read-only");
    expect((await getTask(owner, projectId, "2")).status).toBe("pending");
  });

  it("a project-bound token needs no project argument and reaches no other project", async () => {
    const other = await makeProject(owner);
    const bound = await createToken(owner, { name: "bound", scopes: ["read", "write"], projectId });
    const c = await connect(bound.token);
    const get = (await c.listTools()).tools.find((t) => t.name === "get_tasks")!;
    expect(Object.keys(get.inputSchema.properties ?? {})).not.toContain("project");
    const r = await c.callTool({ name: "get_tasks", arguments: {} });
    expect((r.structuredContent as { total: number }).total).toBe(3);
    const actor = { userId: owner.userId, isAdmin: false, tokenProjectId: projectId };
    await expect(getProject(actor, other.projectId)).rejects.toThrow("Project not found");
  });
});
