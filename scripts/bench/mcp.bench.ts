// MCP figures: tools/list size per tier, get_tasks size and time on a Task Master-sized plan
// (100 tasks, 550 subtasks, long details) and on the 10,000-task project, and next_task over MCP.
// Requests go through the route's handler (auth, body cap, SDK transport) without a socket.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import os from "node:os";
import type { Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/auth/tokens";
import { handleMcpPost } from "@/lib/mcp/http";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { taskMasterSizedPlan } from "@/lib/test/taskmaster-plan";
import { benchUser } from "./bench-user";
import { measure, printTable, type Figures } from "./measure";
import { syntheticTasksJson } from "./synthetic";

let lastBytes = 0;
/** Time the server spent on the last request: from the Request to the whole answer. */
let lastServerMs = 0;

async function connect(token: string, tools?: string): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://localhost/api/mcp${tools ? `?tools=${tools}` : ""}`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch: async (url, init) => {
        const req = new Request(url, init);
        if (req.method !== "POST") return new Response(null, { status: 405 });
        const t0 = performance.now();
        const res = await handleMcpPost(req);
        const body = await res.arrayBuffer();
        lastServerMs = performance.now() - t0;
        lastBytes = body.byteLength;
        return new Response(body, { status: res.status, headers: res.headers });
      },
    }),
  );
  return client;
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

async function main() {
  const user = await benchUser();
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };
  const { token } = await createToken(actor, { name: "bench", scopes: ["read", "write"] });
  // Timings scale with what else the machine is doing: say so next to them.
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );

  console.log("\nMCP tools/list (bytes of the JSON-RPC answer)   target: core < 8 KB (Task Master: core 6.9 KB, all 39 KB)");
  for (const tier of ["core", "standard", "all", "read"]) {
    const c = await connect(token, tier);
    const { tools } = await c.listTools();
    console.log(`  ${tier.padEnd(9)} ${String(tools.length).padStart(3)} tools  ${kb(lastBytes).padStart(9)}`);
    await c.close();
  }

  const t0 = performance.now();
  const sized = (await importTaskMaster(actor, taskMasterSizedPlan())).projects[0]!.id;
  const big = (await importTaskMaster(actor, syntheticTasksJson(10_000, 15_000))).projects[0]!.id;
  console.log(`\nseeded 100 tasks + 550 subtasks and 10,000 tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const client = await connect(token, "all");
  const rows: Figures[] = [];
  const sizes: string[] = [];
  for (const [label, projectId] of [
    ["100 tasks/550 subtasks", sized],
    ["10,000 tasks", big],
  ] as const) {
    for (const [what, args] of [
      ["get_tasks (default)", {}],
      ["get_tasks limit 200 withSubtasks", { limit: 200, withSubtasks: true }],
    ] as const) {
      rows.push(
        await measure(`${what}, ${label}`, 30, () => client.callTool({ name: "get_tasks", arguments: { project: projectId, ...args } })),
      );
      sizes.push(
        `  ${`${what}, ${label}`.padEnd(52)} ${kb(lastBytes).padStart(9)}${what.includes("default") && label.startsWith("100") ? "   target < 20 KB" : "   cap 100 KB"}`,
      );
    }
  }
  rows.push(
    await measure("next_task, 100 tasks/550 subtasks", 100, () => client.callTool({ name: "next_task", arguments: { project: sized } })),
  );
  rows.push(await measure("next_task, 10,000 tasks", 200, () => client.callTool({ name: "next_task", arguments: { project: big } })));
  // The server's share alone (auth, JSON-RPC, service, answer), without the client's own work.
  rows.push(
    await measure(
      "next_task, 10,000 tasks: server side",
      200,
      async () => (await client.callTool({ name: "next_task", arguments: { project: big } }), lastServerMs),
      "p95 < 50 ms",
    ),
  );
  rows.push(
    await measure("get_task with 6 subtasks, 100 tasks/550", 100, () =>
      client.callTool({ name: "get_task", arguments: { project: sized, id: "50" } }),
    ),
  );
  console.log("\nMCP answer sizes");
  for (const s of sizes) console.log(s);
  printTable("MCP over the route handler (client → JSON-RPC → services → answer)", rows);
  await client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
