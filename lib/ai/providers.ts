import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createOllama } from "ollama-ai-provider-v2";
import type { AiEndpoint } from "@/lib/validation/ai";

/** The provider's base URL: Ollama's native API lives under /api, OpenAI-compatible under /v1. */
export function providerBaseUrl(endpoint: AiEndpoint): string {
  const host = endpoint.url.replace(/\/+$/, "").replace(/\/(api|v1)$/, "");
  return endpoint.kind === "ollama" ? `${host}/api` : `${host}/v1`;
}

export function languageModel(endpoint: AiEndpoint, model: string): LanguageModelV3 {
  if (endpoint.kind === "ollama") return createOllama({ baseURL: providerBaseUrl(endpoint) }).chat(model);
  return createOpenAICompatible({ name: endpoint.id, baseURL: providerBaseUrl(endpoint) }).chatModel(model);
}

// Endpoints that just failed (refused, 5xx, timed out) are skipped for a short while, so every
// job does not wait on a dead box before reaching the fallback.
const COOL_DOWN_MS = 30_000;
const globalCool = globalThis as unknown as { cairnCoolDown?: Map<string, number> };
const coolDown = (globalCool.cairnCoolDown ??= new Map<string, number>());

export function markEndpointFailed(endpoint: AiEndpoint, now = Date.now()) {
  coolDown.set(endpoint.url, now + COOL_DOWN_MS);
}
export function markEndpointHealthy(endpoint: AiEndpoint) {
  coolDown.delete(endpoint.url);
}
export function isCoolingDown(endpoint: AiEndpoint, now = Date.now()): boolean {
  const until = coolDown.get(endpoint.url);
  return until !== undefined && until > now;
}
export function resetCoolDowns() {
  coolDown.clear();
}
