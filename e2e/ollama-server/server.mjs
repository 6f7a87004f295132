// @ts-check
/**
 * Ollama-protocol test server.
 *
 * Integration and end-to-end tests cannot run a real Ollama, so this server speaks its wire
 * format (native `/api/*` NDJSON plus the OpenAI-compatible `/v1` layer) closely enough that
 * `ollama-ai-provider-v2`, `@ai-sdk/openai-compatible`, the official `ollama` client and the
 * app's own health/model calls behave exactly as they would against the real thing, including
 * the failure modes the app has to survive. The reference is /work/shared/ollama-api.md.
 *
 * The parts live in src/: defaults (fault modes, typedefs, catalogue), helpers, validation,
 * models, plan, wire, respond, state, handlers/, control and router. This file is the public
 * entry point tests and specs import.
 *
 * Plain ESM + JSDoc on purpose: Playwright's webServer, Vitest and `node` load it unbuilt.
 */
export {
  DEFAULT_CONFIG,
  DEFAULT_JSON_REPLY,
  DEFAULT_MODELS,
  DEFAULT_REPLY_TEXT,
  DEFAULT_THINKING,
  DROPPED_LINE_CONTENT,
  FAULT_MODES,
  MALFORMED_JSON_CONTENT,
  MID_STREAM_ERROR,
  PULL_MISSING_ERROR,
  REGISTRY_MODELS,
} from "./src/defaults.mjs";
export { faultModeOf, normalizeModelName } from "./src/helpers.mjs";
export { startOllamaServer } from "./src/router.mjs";

/**
 * @typedef {import("./src/defaults.mjs").FaultMode} FaultMode
 * @typedef {import("./src/defaults.mjs").ScriptedToolCall} ScriptedToolCall
 * @typedef {import("./src/defaults.mjs").ScriptedReply} ScriptedReply
 * @typedef {import("./src/defaults.mjs").ModelSpec} ModelSpec
 * @typedef {import("./src/defaults.mjs").RecordedRequest} RecordedRequest
 * @typedef {import("./src/defaults.mjs").ServerConfig} ServerConfig
 * @typedef {import("./src/defaults.mjs").StartOptions} StartOptions
 * @typedef {import("./src/defaults.mjs").OllamaTestServer} OllamaTestServer
 */
