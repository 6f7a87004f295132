// Model facts from Ollama's /api/show: context length (model_info "<arch>.context_length"),
// capabilities (completion, tools, thinking, vision, …) and the Modelfile parameters. Kept per
// endpoint + model + digest, so a re-pulled or re-created model is asked again. Jobs use them to
// keep num_ctx within the model's window; the chat uses them to offer tools only to models that
// take them. Anything that goes wrong here leaves the facts unknown, never fails a job.
import "server-only";
import { z } from "zod";
import type { AiEndpoint } from "@/lib/validation/ai";
import { normalizeOllamaBaseUrl } from "./ollama-admin";
import type { ModelFacts } from "./types";

const SHOW_TIMEOUT_MS = 3000;
/** How long facts are used without checking the model's digest again. */
const RECHECK_MS = 60_000;

const showSchema = z.object({
  parameters: z.string().optional().nullable(),
  model_info: z.record(z.string(), z.unknown()).optional().nullable(),
  capabilities: z.array(z.string()).optional().nullable(),
  details: z
    .object({ family: z.string().optional().nullable(), parameter_size: z.string().optional().nullable() })
    .partial()
    .optional()
    .nullable(),
});
const tagsSchema = z.object({
  models: z
    .array(z.object({ name: z.string().optional(), model: z.string().optional(), digest: z.string().optional() }))
    .nullable()
    .optional(),
});

interface Entry {
  digest: string | null;
  facts: ModelFacts;
  checkedAt: number;
}
const globalFacts = globalThis as unknown as { cairnModelFacts?: Map<string, Entry> };
const cache = (globalFacts.cairnModelFacts ??= new Map<string, Entry>());

const sameName = (a: string, b: string) => {
  const n = (s: string) => (s.includes(":") ? s : `${s}:latest`).toLowerCase();
  return n(a) === n(b);
};

/** "stop "<|eot_id|>"\ntemperature 0.2" → { stop: ["<|eot_id|>"], temperature: "0.2" } (repeated keys collect). */
export function parseParameters(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*(\S+)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const value = m[2]!.replace(/^"(.*)"$/, "$1");
    const key = m[1]!;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** What /api/show says about a model, as Cairn uses it. */
export function factsFromShow(raw: unknown): ModelFacts | null {
  const parsed = showSchema.safeParse(raw);
  if (!parsed.success) return null;
  const info = parsed.data.model_info ?? {};
  const arch = typeof info["general.architecture"] === "string" ? (info["general.architecture"] as string) : null;
  const ctxKey = arch ? `${arch}.context_length` : Object.keys(info).find((k) => k.endsWith(".context_length"));
  const ctx = ctxKey ? info[ctxKey] : undefined;
  return {
    contextLength: typeof ctx === "number" && ctx > 0 ? ctx : null,
    capabilities: parsed.data.capabilities ?? [],
    parameters: parseParameters(parsed.data.parameters ?? ""),
    architecture: arch,
    parameterSize: parsed.data.details?.parameter_size ?? null,
  };
}

async function fetchJson(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(SHOW_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

async function digestOf(base: string, model: string): Promise<string | null> {
  const tags = tagsSchema.safeParse(await fetchJson(`${base}/api/tags`));
  if (!tags.success) return null;
  return tags.data.models?.find((m) => sameName(m.name ?? m.model ?? "", model))?.digest ?? null;
}

/**
 * The model's facts, or null when they cannot be known (an OpenAI-compatible endpoint, an old
 * Ollama, a model that is not installed, a time-out). `digest` skips the /api/tags look-up when the
 * caller already has the model list.
 */
export async function modelFacts(
  endpoint: AiEndpoint,
  model: string,
  opts: { digest?: string | null; now?: number } = {},
): Promise<ModelFacts | null> {
  if (endpoint.kind !== "ollama") return null;
  const now = opts.now ?? Date.now();
  let base: string;
  try {
    base = normalizeOllamaBaseUrl(endpoint.url);
  } catch {
    return null;
  }
  const key = `${base}\u0000${model.toLowerCase()}`;
  const hit = cache.get(key);
  try {
    if (hit && opts.digest === undefined && now - hit.checkedAt < RECHECK_MS) return hit.facts;
    const digest = opts.digest !== undefined ? opts.digest : await digestOf(base, model);
    if (hit && digest !== null && hit.digest === digest) {
      hit.checkedAt = now;
      return hit.facts;
    }
    const facts = factsFromShow(
      await fetchJson(`${base}/api/show`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model }),
      }),
    );
    if (!facts) return null;
    cache.set(key, { digest, facts, checkedAt: now });
    return facts;
  } catch {
    return hit?.facts ?? null;
  }
}

/** The context size to send: the configured one, never above what the model can hold. */
export function contextFor(configured: number, facts: ModelFacts | null): number {
  return facts?.contextLength ? Math.min(configured, facts.contextLength) : configured;
}

/** False only when Ollama says the model lacks the capability; unknown facts don't hold a model back. */
export function canDo(facts: ModelFacts | null, capability: string): boolean {
  return !facts || facts.capabilities.length === 0 || facts.capabilities.includes(capability);
}

export function forgetModelFacts() {
  cache.clear();
}
