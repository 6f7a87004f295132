// @ts-check
// Fault modes, the shared typedefs, default configuration and the model catalogue.

/** Every fault a scripted reply (or a `fault-<mode>` model name) can select. */
export const FAULT_MODES = /** @type {const} */ ([
  "slow-first-token",
  "slow-tokens",
  "hang-before-headers",
  "hang-mid-stream",
  "disconnect-mid-stream",
  "error-line-mid-stream",
  "no-done-chunk",
  "malformed-ndjson-line",
  "malformed-json-content",
  "http-500",
  "http-503-busy",
  "http-429",
  "404-model-not-found",
  "400-no-thinking",
  "400-no-tools",
  "400-bad-request",
  "context-truncated",
  "tool-call",
  "tool-call-string-args",
  "thinking",
  "client-abort",
]);

/**
 * @typedef {typeof FAULT_MODES[number]} FaultMode
 *
 * @typedef {object} ScriptedToolCall
 * @property {string} [name]
 * @property {unknown} [arguments] an object; a string is sent verbatim (the malformed form)
 * @property {string} [id]
 * @property {{ name: string, arguments?: unknown }} [function] Ollama's own shape, also accepted
 *
 * @typedef {object} ScriptedReply
 * @property {string | string[]} [content] a string is streamed word by word; an array is sent chunk by chunk
 * @property {string | string[]} [thinking] only emitted when the request has thinking on, as with real Ollama
 * @property {ScriptedToolCall[]} [toolCalls] only emitted when the request carries `tools`
 * @property {string} [doneReason]
 * @property {FaultMode} [fault]
 * @property {number} [delayMs] between chunks (pull: between progress lines)
 * @property {number} [firstTokenDelayMs] before headers and the first chunk
 * @property {number} [afterChunks] chunks sent before a mid-stream fault (default 2)
 * @property {string} [match] only a request whose body contains this text takes the reply
 * @property {number} [status] non-2xx: answer with this status before streaming
 * @property {string} [error] with `status`: the error text; without: a mid-stream error line
 * @property {number} [promptEvalCount]
 * @property {number} [evalCount]
 *
 * @typedef {object} ModelSpec
 * @property {string} name
 * @property {string[]} [capabilities]
 * @property {number} [size]
 * @property {string} [digest]
 * @property {string} [modifiedAt]
 * @property {string} [family]
 * @property {string} [parameterSize]
 * @property {string} [quantizationLevel]
 * @property {string} [format]
 * @property {number} [contextLength]
 * @property {number} [embeddingLength]
 * Modelfile layers of a model made by /api/create (empty for pulled ones):
 * @property {string} [parentModel] the model it was created FROM
 * @property {string} [system] its SYSTEM prompt
 * @property {Record<string, unknown>} [parameters] its PARAMETERs (beyond the base's stop tokens)
 *
 * @typedef {Required<ModelSpec>} Model
 *
 * @typedef {object} RecordedRequest
 * @property {number} id
 * @property {string} method
 * @property {string} path
 * @property {string} query
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} body parsed JSON, or null when absent or unparseable
 * @property {string} [rawBody] present only when the body was not valid JSON
 * @property {string} time ISO timestamp of arrival
 * @property {number | null} status null until (unless) a status line was sent
 * @property {boolean} clientClosed the client went away before the response was complete
 * @property {boolean} completed the server finished the response normally
 * @property {number | null} durationMs
 *
 * @typedef {object} ServerConfig
 * @property {string} version reported by /api/version
 * @property {number} tokenDelayMs default gap between streamed chunks
 * @property {number} pullDelayMs default gap between pull progress lines
 * @property {number} pullSteps progress lines for the main layer of a pull
 * @property {number} slowFirstTokenMs used by `slow-first-token` unless the reply says otherwise
 * @property {number} slowTokenDelayMs used by `slow-tokens` unless the reply says otherwise
 * @property {number} afterChunks default chunk count before a mid-stream fault
 * @property {number} disconnectDelayMs pause between the last write and the socket being destroyed
 *
 * @typedef {object} StartOptions
 * @property {number} [port]
 * @property {string} [host]
 * @property {ReadonlyArray<string | ModelSpec>} [models]
 * @property {Partial<ServerConfig>} [config]
 *
 * @typedef {object} OllamaTestServer
 * @property {string} url
 * @property {number} port
 * @property {RecordedRequest[]} requests live view of what was recorded since the last reset
 * @property {() => Promise<void>} close
 * @property {(model: string, reply: ScriptedReply | ScriptedReply[]) => void} script
 * @property {() => void} reset
 * @property {(list: ReadonlyArray<string | ModelSpec>) => void} setModels
 * @property {(config: Partial<ServerConfig>) => void} configure
 * @property {(model: string, speed: import("./speed.mjs").SpeedProfile | null) => void} setSpeed per-model load time, prompt time and token rate (null forgets it)
 * @property {(path?: string) => RecordedRequest[]} requestsTo
 */

/** @type {ServerConfig} */
export const DEFAULT_CONFIG = Object.freeze({
  version: "0.12.3",
  tokenDelayMs: 10,
  pullDelayMs: 25,
  pullSteps: 4,
  slowFirstTokenMs: 1500,
  slowTokenDelayMs: 250,
  afterChunks: 2,
  disconnectDelayMs: 50,
});

export const DEFAULT_REPLY_TEXT = "Hello from the Ollama test server.";
export const DEFAULT_THINKING = ["Let me think", " about that."];
export const DEFAULT_JSON_REPLY = ["{", "}"];
export const MALFORMED_JSON_CONTENT = ['{"name": ', '"Ada", '];
/** Text carried by the line that `malformed-ndjson-line` breaks on purpose; clients must lose it. */
export const DROPPED_LINE_CONTENT = " [dropped]";
export const MID_STREAM_ERROR = "an error was encountered while running the model";
export const PULL_MISSING_ERROR = "pull model manifest: file does not exist";

export const BASE_MODELS = /** @type {ModelSpec[]} */ ([
  {
    name: "llama3.2:latest",
    capabilities: ["completion", "tools"],
    size: 2019393189,
    modifiedAt: "2025-05-04T17:37:44.706015396Z",
    family: "llama",
    parameterSize: "3.2B",
    quantizationLevel: "Q4_K_M",
    contextLength: 131072,
    embeddingLength: 3072,
  },
  {
    name: "qwen3:8b",
    capabilities: ["completion", "tools", "thinking"],
    size: 5225388164,
    modifiedAt: "2025-05-03T09:12:05.112233445Z",
    family: "qwen3",
    parameterSize: "8.2B",
    quantizationLevel: "Q4_K_M",
    contextLength: 40960,
    embeddingLength: 4096,
  },
  {
    name: "nomic-embed-text:latest",
    capabilities: ["embedding"],
    size: 274302450,
    modifiedAt: "2025-05-02T11:00:00.5Z",
    family: "nomic-bert",
    parameterSize: "137M",
    quantizationLevel: "F16",
    format: "gguf",
    contextLength: 2048,
    embeddingLength: 768,
  },
]);

/** @param {FaultMode} mode @returns {ModelSpec} */
export function faultModelSpec(mode) {
  const capabilities =
    mode === "thinking" ? ["completion", "tools", "thinking"] : mode === "400-no-tools" ? ["completion"] : ["completion", "tools"];
  return {
    name: `fault-${mode}:latest`,
    capabilities,
    size: 1321098329,
    modifiedAt: "2025-01-01T00:00:00.000000001Z",
    family: "llama",
    parameterSize: "1.2B",
    quantizationLevel: "Q4_K_M",
    contextLength: 8192,
    embeddingLength: 2048,
  };
}

/** Installed by default: three ordinary models plus one `fault-<mode>` model per fault mode. */
export const DEFAULT_MODELS = Object.freeze([...BASE_MODELS, ...FAULT_MODES.map(faultModelSpec)]);

/** What /api/pull can fetch with realistic metadata; any other well-formed name is invented on the fly. */
export const REGISTRY_MODELS = Object.freeze([
  ...BASE_MODELS,
  {
    name: "llama3.2:1b",
    capabilities: ["completion", "tools"],
    size: 1321098329,
    family: "llama",
    parameterSize: "1.2B",
    contextLength: 131072,
    embeddingLength: 2048,
  },
  {
    name: "mistral:latest",
    capabilities: ["completion", "tools"],
    size: 4113301824,
    family: "llama",
    parameterSize: "7.2B",
    contextLength: 32768,
    embeddingLength: 4096,
  },
  {
    name: "gemma3:4b",
    capabilities: ["completion", "vision"],
    size: 3338801804,
    family: "gemma3",
    parameterSize: "4.3B",
    contextLength: 131072,
    embeddingLength: 2560,
  },
  {
    name: "qwen3:0.6b",
    capabilities: ["completion", "tools", "thinking"],
    size: 522653767,
    family: "qwen3",
    parameterSize: "751.63M",
    contextLength: 40960,
    embeddingLength: 1024,
  },
  {
    name: "all-minilm:latest",
    capabilities: ["embedding"],
    size: 45960996,
    family: "bert",
    parameterSize: "23M",
    quantizationLevel: "F16",
    contextLength: 512,
    embeddingLength: 384,
  },
]);
