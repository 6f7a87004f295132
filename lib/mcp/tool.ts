// The shape of one MCP tool in Cairn's table: who may see it, how it is described, and a
// handler that calls the same lib/ service the REST API calls, as the token's user.
import { z } from "zod";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { Actor } from "@/lib/auth/actor";
import type { Answer } from "./present";

export const TIERS = ["core", "standard", "all"] as const;
export type Tier = (typeof TIERS)[number];

export interface ToolContext {
  actor: Actor;
  /** The resolved project (absent only for tools that take none). */
  projectId: string;
  /** Reports progress to the client when it asked for it (a no-op otherwise). */
  progress: (message: string) => void;
  signal: AbortSignal;
}

export interface ToolDef<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** The smallest tier that lists this tool (core ⊂ standard ⊂ all). */
  tier: Tier;
  /** The token scope the tool needs; write tools are hidden from read-only tokens. */
  scope: "read" | "write";
  annotations: ToolAnnotations;
  /** False for the few tools that are not about one project. */
  takesProject?: boolean;
  input: S;
  /** How to get what a cut answer left out. */
  readMore?: string;
  run: (args: z.output<z.ZodObject<S>>, ctx: ToolContext) => Promise<Answer>;
}

export const defineTool = <S extends z.ZodRawShape>(t: ToolDef<S>): ToolDef => t as unknown as ToolDef;

// MCP clients read these hints to decide what to confirm with the user. Unset, destructiveHint
// means "may destroy", so every writer says explicitly whether it removes anything.
export const READS: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
export const SETS: ToolAnnotations = { ...WRITES, idempotentHint: true };
export const REMOVES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };

// Arguments shared by many tools. Refs are Task Master's: "12", "12.3"; numbers are accepted.
export const ref = z.union([z.string(), z.number()]).describe('Task id: "12", or "12.3" for a subtask');
export const refs = z.union([z.string(), z.number()]).describe('Task id ("12", "12.3"), or several: "1,2"');
export const depList = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).describe('Prerequisite ids: "1,2" or ["1","2"]');
export const limit = z.number().int().min(1).max(200).optional();
export const cursor = z.string().optional().describe("nextCursor from the previous page");
export const dryRun = z.boolean().optional().describe("true: return the draft, write nothing");

/** "1, 2" / 12 / ["1", 2] → ["1", "2"] (each still checked by the service). */
export function splitRefs(v: string | number | (string | number)[] | undefined): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : String(v).split(",");
  return list.map((x) => String(x).trim()).filter(Boolean);
}
