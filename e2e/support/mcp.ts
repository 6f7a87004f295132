// An MCP client as agents run it: the SDK's Client over Streamable HTTP against the app under test.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export const mcpUrl = (tools?: string) =>
  `http://localhost:${process.env.CAIRN_TEST_PORT ?? "3100"}/api/mcp${tools ? `?tools=${tools}` : ""}`;

export async function mcpClient(token: string, tools?: string): Promise<Client> {
  const client = new Client({ name: "cairn-e2e", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl(tools)), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

/** The text content of a tool result. */
export const resultText = (r: unknown) => (r as { content: { text: string }[] }).content[0]?.text ?? "";
export const structured = <T = any>(r: unknown) => (r as { structuredContent: T }).structuredContent;
