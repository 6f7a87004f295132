// Every MCP tool Cairn offers, in one table. Names and arguments follow Task Master's MCP tools
// so agents' existing prompts and rules keep working.
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { TIERS, type ToolDef } from "../tool";
import { aiTools } from "./ai";
import { readTools } from "./read";
import { writeTools } from "./write";

const ORDER = ["get_tasks", "get_task", "next_task", "set_task_status", "update_subtask", "add_task", "parse_prd", "expand_task"];

export const TOOLS: ToolDef[] = [...readTools, ...writeTools, ...aiTools].sort(
  (a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || (ORDER.indexOf(a.name) + 1 || 99) - (ORDER.indexOf(b.name) + 1 || 99),
);

export const TOOL_SETS = ["core", "standard", "all", "read"] as const;

/**
 * `?tools=` → the tools a connection offers: a tier (core ⊂ standard ⊂ all), "read" (every
 * read-only tool), tool names, or a comma-separated mix. Default: core.
 */
export function selectTools(spec: string | null): ToolDef[] {
  const items = (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) items.push("core");
  const chosen = new Set<ToolDef>();
  for (const item of items) {
    const tier = TIERS.indexOf(item as (typeof TIERS)[number]);
    if (tier >= 0) TOOLS.filter((t) => TIERS.indexOf(t.tier) <= tier).forEach((t) => chosen.add(t));
    else if (item === "read") TOOLS.filter((t) => t.annotations.readOnlyHint).forEach((t) => chosen.add(t));
    else {
      const t = TOOLS.find((x) => x.name === item);
      if (!t) {
        throw new AppError(
          "invalid",
          `tools: unknown tool or tier "${item.slice(0, 60)}". Tiers: ${TOOL_SETS.join(", ")}. Tools: ${TOOLS.map((x) => x.name).join(", ")}`,
          null,
          400,
        );
      }
      chosen.add(t);
    }
  }
  return TOOLS.filter((t) => chosen.has(t));
}

/** A read-only token does not even see the tools that write. */
export function visibleTo(actor: Actor, tools: ToolDef[]): ToolDef[] {
  return tools.filter((t) => t.scope === "read" || !actor.tokenScopes || actor.tokenScopes.includes("write"));
}

/** Why a tool that exists cannot be called on this connection, or null when it can. */
export function whyUnavailable(actor: Actor, offered: ToolDef[], name: string): string | null {
  const t = TOOLS.find((x) => x.name === name);
  if (!t || offered.includes(t)) return null;
  if (!visibleTo(actor, [t]).length) return `${name} changes the plan, and this API token is read-only (it lacks the "write" scope).`;
  return `${name} is not among this connection's tools. Connect with /api/mcp?tools=${t.tier} (or add ${name} to ?tools=).`;
}
