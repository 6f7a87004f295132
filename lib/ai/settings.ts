import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { AI_ROLES, aiSettingsInput, type AiEndpoint, type AiRole, type ModelLink } from "@/lib/validation/ai";
import { parseInput } from "@/lib/validation/parse";
import { chainFor } from "./fallback-policy";
import { isLocalHost } from "./local-host";
import { DEFAULT_COMPLEXITY_THRESHOLD } from "./routing";
import type { AiSettingsDto } from "./types";

export const DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";
const DEFAULT_MODEL = "llama3.2";

function parseJson<T>(raw: string, fallback: T): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

/**
 * Stored settings with the environment laid over them: OLLAMA_BASE_URL replaces the first
 * Ollama endpoint, OLLAMA_MODEL sets the main and fast models, OLLAMA_FALLBACK_MODELS (comma
 * separated) the fallback chain on that endpoint.
 */
export async function readAiSettings(): Promise<AiSettingsDto> {
  const row = await db.aiSettings.findUnique({ where: { id: "instance" } });
  let endpoints = parseJson<AiEndpoint[]>(row?.endpoints ?? "[]", []);
  const stored = parseJson<Partial<Record<AiRole, ModelLink[]>>>(row?.roles ?? "{}", {});
  const fromEnvironment: string[] = [];
  if (endpoints.length === 0) endpoints = [{ id: "local", kind: "ollama", name: "Local Ollama", url: DEFAULT_OLLAMA_URL }];
  const envUrl = process.env.OLLAMA_BASE_URL?.trim();
  if (envUrl) {
    const i = endpoints.findIndex((e) => e.kind === "ollama");
    const env: AiEndpoint = {
      id: i >= 0 ? endpoints[i]!.id : "local",
      kind: "ollama",
      name: i >= 0 ? endpoints[i]!.name : "Ollama",
      url: envUrl,
    };
    endpoints = i >= 0 ? endpoints.map((e, j) => (j === i ? env : e)) : [env, ...endpoints];
    fromEnvironment.push("OLLAMA_BASE_URL");
  }
  // Defaults only ever point inside the user's network: an external endpoint must be chosen by name.
  const firstOllama = endpoints.find((e) => e.kind === "ollama" && isLocalHost(e.url)) ?? endpoints.find((e) => isLocalHost(e.url)) ?? null;
  const roles = Object.fromEntries(AI_ROLES.map((r) => [r, stored[r] ?? []])) as Record<AiRole, ModelLink[]>;
  const envModel = process.env.OLLAMA_MODEL?.trim();
  if (envModel && firstOllama) {
    roles.main = [{ endpointId: firstOllama.id, model: envModel }];
    roles.fast = [{ endpointId: firstOllama.id, model: envModel }];
    fromEnvironment.push("OLLAMA_MODEL");
  }
  const envFallback = process.env.OLLAMA_FALLBACK_MODELS?.split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  if (envFallback?.length && firstOllama) {
    roles.fallback = envFallback.map((model) => ({ endpointId: firstOllama.id, model }));
    fromEnvironment.push("OLLAMA_FALLBACK_MODELS");
  }
  if (roles.main.length === 0 && firstOllama) roles.main = [{ endpointId: firstOllama.id, model: DEFAULT_MODEL }];
  if (roles.fast.length === 0) roles.fast = roles.main;
  const external = Object.fromEntries(
    AI_ROLES.map((r) => [r, chainFor({ endpoints, roles }, r).some((l) => !isLocalHost(l.endpoint.url))]),
  ) as Record<AiRole, boolean>;
  return {
    endpoints,
    roles,
    external,
    complexityThreshold: row?.complexityThreshold ?? DEFAULT_COMPLEXITY_THRESHOLD,
    keepAlive: parseJson<Partial<Record<AiRole, string>>>(row?.keepAlive ?? "{}", {}),
    numCtx: row?.numCtx ?? 8192,
    temperature: row?.temperature ?? 0.2,
    cacheTtlSeconds: row?.cacheTtlSeconds ?? 86400,
    firstTokenTimeoutMs: row?.firstTokenTimeoutMs ?? 120_000,
    idleTimeoutMs: row?.idleTimeoutMs ?? 60_000,
    fromEnvironment,
  };
}

export async function updateAiSettings(actor: Actor, raw: unknown): Promise<AiSettingsDto> {
  requireAdmin(actor);
  const input = parseInput(aiSettingsInput, raw);
  // Merge onto what is stored, not onto the environment's overrides: those must never be saved.
  const row = await db.aiSettings.findUnique({ where: { id: "instance" } });
  const storedEndpoints = parseJson<AiEndpoint[]>(row?.endpoints ?? "[]", []);
  const current = {
    endpoints: storedEndpoints.length
      ? storedEndpoints
      : [{ id: "local", kind: "ollama" as const, name: "Local Ollama", url: DEFAULT_OLLAMA_URL }],
    roles: { main: [], fast: [], complex: [], fallback: [], ...parseJson<Partial<Record<AiRole, ModelLink[]>>>(row?.roles ?? "{}", {}) },
  };
  const endpoints = input.endpoints ?? current.endpoints;
  if (new Set(endpoints.map((e) => e.id)).size !== endpoints.length) throw invalid("endpoints: two endpoints share an id");
  const roles = { ...current.roles, ...input.roles };
  for (const [role, links] of Object.entries(roles)) {
    for (const l of links) {
      if (!endpoints.some((e) => e.id === l.endpointId)) throw invalid(`roles.${role}: unknown endpoint "${l.endpointId}"`);
    }
  }
  const data = {
    endpoints: JSON.stringify(endpoints),
    roles: JSON.stringify(roles),
    ...(input.numCtx !== undefined && { numCtx: input.numCtx }),
    ...(input.temperature !== undefined && { temperature: input.temperature }),
    ...(input.cacheTtlSeconds !== undefined && { cacheTtlSeconds: input.cacheTtlSeconds }),
    ...(input.firstTokenTimeoutMs !== undefined && { firstTokenTimeoutMs: input.firstTokenTimeoutMs }),
    ...(input.idleTimeoutMs !== undefined && { idleTimeoutMs: input.idleTimeoutMs }),
    ...(input.complexityThreshold !== undefined && { complexityThreshold: input.complexityThreshold }),
    ...(input.keepAlive !== undefined && { keepAlive: JSON.stringify(mergeKeepAlive(row?.keepAlive, input.keepAlive)) }),
  };
  await db.aiSettings.upsert({ where: { id: "instance" }, create: { id: "instance", ...data }, update: data });
  return readAiSettings();
}

/** A null clears a role's keep-alive (Ollama's default applies again). */
function mergeKeepAlive(stored: string | undefined, patch: Partial<Record<AiRole, string | null>>): Partial<Record<AiRole, string>> {
  const out: Partial<Record<AiRole, string>> = { ...parseJson<Partial<Record<AiRole, string>>>(stored ?? "{}", {}) };
  for (const [role, value] of Object.entries(patch) as [AiRole, string | null][]) {
    if (value === null || value === "") delete out[role];
    else out[role] = value;
  }
  return out;
}
