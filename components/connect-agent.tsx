"use client";
// Settings → Account → API tokens: the exact configuration for VS Code, Claude Code and Cursor, with this
// server's URL filled in, each with a Copy button.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { claudeCodeCommand, cursorConfig, mcpEndpoint, TIER_ADVICE, vscodeConfig, type ClientTier } from "@/lib/mcp/client-configs";

function Snippet({ title, file, text, testId }: { title: string; file?: string; text: string; testId: string }) {
  const toast = useToast();
  return (
    <div className="grid gap-1.5">
      <div className="flex items-center gap-2">
        <h4 className="text-sm font-semibold">{title}</h4>
        {file && <code className="text-xs text-muted">{file}</code>}
        <Button
          size="sm"
          variant="secondary"
          className="ml-auto"
          aria-label={`Copy the ${title} configuration`}
          onClick={() => navigator.clipboard?.writeText(text).then(() => toast({ message: "Copied" }))}
        >
          Copy
        </Button>
      </div>
      {/* Focusable, so a keyboard can scroll a long line into view. */}
      <pre
        tabIndex={0}
        role="region"
        aria-label={`${title} configuration`}
        className="overflow-x-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950"
        data-testid={testId}
      >
        {text}
      </pre>
    </div>
  );
}

export function ConnectAgent({ origin, token }: { origin: string; token?: string | null }) {
  const [tier, setTier] = useState<ClientTier>("core");
  const url = mcpEndpoint(origin, tier);
  return (
    <section className="mt-6 border-t border-zinc-100 pt-5 dark:border-zinc-800" aria-labelledby="connect-agent">
      <h3 id="connect-agent" className="font-semibold">
        Connect an agent
      </h3>
      <p className="mb-4 text-sm text-muted">
        Coding agents read and work the plan through Cairn&apos;s MCP server at <code data-testid="mcp-url">{url}</code>. Create a token
        above (optionally bound to one project), then add the server to your editor.
      </p>
      <div className="mb-4 max-w-md">
        <Field label="Tools" hint={TIER_ADVICE.find((t) => t.tier === tier)?.clients}>
          {(p) => (
            <Select {...p} value={tier} onChange={(e) => setTier(e.target.value as ClientTier)}>
              {TIER_ADVICE.map((t) => (
                <option key={t.tier} value={t.tier}>
                  {t.tier}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="grid gap-4">
        <Snippet title="VS Code" file=".vscode/mcp.json" text={vscodeConfig(url)} testId="config-vscode" />
        <Snippet title="Claude Code" text={claudeCodeCommand(url, token ?? undefined)} testId="config-claude" />
        <Snippet
          title="Cursor"
          file=".cursor/mcp.json (set CAIRN_TOKEN in your environment)"
          text={cursorConfig(url)}
          testId="config-cursor"
        />
      </div>
    </section>
  );
}
