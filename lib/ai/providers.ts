import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt } from "@ai-sdk/provider";
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

/**
 * Options for one structured call. Ollama reads sampling settings only under
 * providerOptions.ollama.options (top-level temperature and token limits are sent but ignored);
 * OpenAI-compatible servers read the top-level ones.
 */
export function structuredCallOptions(
  endpoint: AiEndpoint,
  opts: { prompt: LanguageModelV3Prompt; schema: Record<string, unknown>; numCtx: number; temperature: number; maxOutputTokens?: number },
): Omit<LanguageModelV3CallOptions, "abortSignal"> {
  return {
    prompt: opts.prompt,
    responseFormat: { type: "json", schema: opts.schema as never },
    providerOptions: {
      ollama: { options: { num_ctx: opts.numCtx, temperature: opts.temperature, ...(opts.maxOutputTokens ? { num_predict: opts.maxOutputTokens } : {}) } },
    },
    ...(endpoint.kind === "openai" ? { temperature: opts.temperature, maxOutputTokens: opts.maxOutputTokens } : {}),
  };
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
