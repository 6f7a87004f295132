import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt } from "@ai-sdk/provider";
import { createOllama } from "ollama-ai-provider-v2";
import type { AiEndpoint } from "@/lib/validation/ai";
import { keepAliveWire } from "./keep-alive";

/** The provider's base URL: Ollama's native API lives under /api, OpenAI-compatible under /v1. */
export function providerBaseUrl(endpoint: AiEndpoint): string {
  const host = endpoint.url.replace(/\/+$/, "").replace(/\/(api|v1)$/, "");
  return endpoint.kind === "ollama" ? `${host}/api` : `${host}/v1`;
}

export function languageModel(endpoint: AiEndpoint, model: string, opts: { keepAlive?: string } = {}): LanguageModelV3 {
  if (endpoint.kind === "ollama") {
    const keepAlive = keepAliveWire(opts.keepAlive);
    return createOllama({ baseURL: providerBaseUrl(endpoint), ...(keepAlive !== undefined && { fetch: withKeepAlive(keepAlive) }) }).chat(
      model,
    );
  }
  return createOpenAICompatible({ name: endpoint.id, baseURL: providerBaseUrl(endpoint) }).chatModel(model);
}

/**
 * The provider has no keep_alive for chat (only for embeddings), so it is added to the JSON body
 * on its way out: Ollama reads it at the top level of /api/chat.
 */
function withKeepAlive(keepAlive: string | number): typeof fetch {
  return (input, init) => {
    if (typeof init?.body === "string") {
      try {
        const body: unknown = JSON.parse(init.body);
        if (body && typeof body === "object" && !Array.isArray(body)) {
          return fetch(input, { ...init, body: JSON.stringify({ ...body, keep_alive: keepAlive }) });
        }
      } catch {
        // Not JSON: sent as it was.
      }
    }
    return fetch(input, init);
  };
}

export interface GenerationSettings {
  numCtx: number;
  temperature: number;
  /** Output token budget (Ollama num_predict). */
  maxOutputTokens?: number;
}

/**
 * Sampling options for one call. Ollama reads them only under providerOptions.ollama.options
 * (top-level temperature and token limits are sent but ignored); OpenAI-compatible servers read
 * the top-level ones. `providerOptions` already on the call are kept.
 */
export function generationOptions(
  endpoint: AiEndpoint,
  opts: GenerationSettings,
  providerOptions?: LanguageModelV3CallOptions["providerOptions"],
): Pick<LanguageModelV3CallOptions, "providerOptions" | "temperature" | "maxOutputTokens"> {
  return {
    providerOptions: {
      ...providerOptions,
      ollama: {
        ...providerOptions?.ollama,
        options: {
          num_ctx: opts.numCtx,
          temperature: opts.temperature,
          ...(opts.maxOutputTokens ? { num_predict: opts.maxOutputTokens } : {}),
        },
      },
    },
    ...(endpoint.kind === "openai"
      ? { temperature: opts.temperature, ...(opts.maxOutputTokens ? { maxOutputTokens: opts.maxOutputTokens } : {}) }
      : {}),
  };
}

/** Options for one structured call: the JSON schema as the response format, plus the sampling options. */
export function structuredCallOptions(
  endpoint: AiEndpoint,
  opts: GenerationSettings & { prompt: LanguageModelV3Prompt; schema: Record<string, unknown> },
): Omit<LanguageModelV3CallOptions, "abortSignal"> {
  return {
    prompt: opts.prompt,
    responseFormat: { type: "json", schema: opts.schema as never },
    ...generationOptions(endpoint, opts),
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
