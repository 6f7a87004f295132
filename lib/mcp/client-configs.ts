// The exact client configurations for connecting an editor to Cairn's MCP server: shown in
// Settings → Account → API tokens and in the README. Pure strings, safe to import on the client.

export const TIER_ADVICE = [
  { tier: "core", clients: "Claude Code, Cursor and other clients with a tight context: 8 tools, about 6 KB" },
  { tier: "standard", clients: "VS Code agent mode and agents that also edit dependencies and run the AI tools: 19 tools" },
  { tier: "all", clients: "everything, including list_projects, search_tasks, reports and history: 24 tools" },
  { tier: "read", clients: "agents that should only look" },
] as const;

export type ClientTier = (typeof TIER_ADVICE)[number]["tier"];

export const mcpEndpoint = (origin: string, tier: ClientTier = "core") =>
  `${origin.replace(/\/$/, "")}/api/mcp${tier === "core" ? "" : `?tools=${tier}`}`;

/** VS Code: .vscode/mcp.json; the token is asked for once (a password prompt) and kept by VS Code. */
export function vscodeConfig(url: string): string {
  return JSON.stringify(
    {
      inputs: [{ type: "promptString", id: "cairn-token", description: "Cairn API token", password: true }],
      servers: { cairn: { type: "http", url, headers: { Authorization: "Bearer ${input:cairn-token}" } } },
    },
    null,
    2,
  );
}

export function claudeCodeCommand(url: string, token = "<your token>"): string {
  return `claude mcp add --transport http cairn ${url} --header "Authorization: Bearer ${token}"`;
}

/** Cursor: .cursor/mcp.json; the token comes from the CAIRN_TOKEN environment variable. */
export function cursorConfig(url: string): string {
  return JSON.stringify({ mcpServers: { cairn: { url, headers: { Authorization: "Bearer ${env:CAIRN_TOKEN}" } } } }, null, 2);
}
