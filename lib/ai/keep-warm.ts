// Load now and Unload: put a role's model (or any installed model) into memory for as long as its
// role's keep-alive says, or take it out, and report what Ollama then holds (/api/ps). The load is
// an empty generate request with the context size jobs send, so the first real job does not make
// Ollama load the model a second time.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { invalid } from "@/lib/errors";
import { AI_ROLES, type AiRole } from "@/lib/validation/ai";
import { warmModelInput } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { chainFor, endpointById, type ChainLink } from "./fallback-policy";
import { keepAliveFor, keepAliveWire } from "./keep-alive";
import { contextFor, modelFacts } from "./model-facts";
import { listLoadedModels } from "./ollama-admin";
import { generateEmpty } from "./ollama-manage";
import { readAiSettings } from "./settings";
import type { AiSettingsDto, WarmResult } from "./types";

const UNLOAD_TIMEOUT_MS = 30_000;

/** The link a request names, and the role it serves (whose keep-alive applies). */
function target(settings: AiSettingsDto, raw: unknown): { link: ChainLink; role: AiRole | null } {
  const input = parseInput(warmModelInput, raw);
  if ("role" in input) {
    const link = chainFor({ endpoints: settings.endpoints, roles: { [input.role]: settings.roles[input.role] } }, input.role).find(
      (l) => l.endpoint.kind === "ollama",
    );
    if (!link) throw invalid(`The ${input.role} role has no model on an Ollama endpoint to load or unload.`);
    return { link, role: input.role };
  }
  const endpoint = endpointById(settings, input.endpointId);
  if (endpoint.kind !== "ollama") throw invalid(`${endpoint.name} is not an Ollama endpoint; load models on that server itself.`);
  const role = AI_ROLES.find((r) => settings.roles[r].some((l) => l.endpointId === endpoint.id && l.model === input.model)) ?? null;
  return { link: { endpoint, model: input.model }, role };
}

async function loadedNow(link: ChainLink) {
  return listLoadedModels(link.endpoint.url).catch(() => []);
}

export async function loadModelNow(actor: Actor, raw: unknown): Promise<WarmResult> {
  requireAdmin(actor);
  const settings = await readAiSettings();
  const { link, role } = target(settings, raw);
  const keepAlive = role ? (keepAliveFor(settings, role, link) ?? null) : null;
  const numCtx = contextFor(settings.numCtx, await modelFacts(link.endpoint, link.model));
  // Loading a big model from disk takes as long as a cold first token.
  await generateEmpty(link.endpoint.url, { model: link.model, keep_alive: keepAliveWire(keepAlive), numCtx }, settings.firstTokenTimeoutMs);
  return {
    action: "load",
    endpointId: link.endpoint.id,
    endpoint: link.endpoint.name,
    model: link.model,
    role,
    keepAlive,
    loaded: await loadedNow(link),
  };
}

export async function unloadModelNow(actor: Actor, raw: unknown): Promise<WarmResult> {
  requireAdmin(actor);
  const settings = await readAiSettings();
  const { link, role } = target(settings, raw);
  await generateEmpty(link.endpoint.url, { model: link.model, keep_alive: 0 }, UNLOAD_TIMEOUT_MS);
  return {
    action: "unload",
    endpointId: link.endpoint.id,
    endpoint: link.endpoint.name,
    model: link.model,
    role,
    keepAlive: null,
    loaded: await loadedNow(link),
  };
}
