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
 * Plain ESM + JSDoc on purpose: Playwright's webServer, Vitest and `node` load it unbuilt.
 */
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";

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

const BASE_MODELS = /** @type {ModelSpec[]} */ ([
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
function faultModelSpec(mode) {
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
  { name: "llama3.2:1b", capabilities: ["completion", "tools"], size: 1321098329, family: "llama", parameterSize: "1.2B", contextLength: 131072, embeddingLength: 2048 },
  { name: "mistral:latest", capabilities: ["completion", "tools"], size: 4113301824, family: "llama", parameterSize: "7.2B", contextLength: 32768, embeddingLength: 4096 },
  { name: "gemma3:4b", capabilities: ["completion", "vision"], size: 3338801804, family: "gemma3", parameterSize: "4.3B", contextLength: 131072, embeddingLength: 2560 },
  { name: "qwen3:0.6b", capabilities: ["completion", "tools", "thinking"], size: 522653767, family: "qwen3", parameterSize: "751.63M", contextLength: 40960, embeddingLength: 1024 },
  { name: "all-minilm:latest", capabilities: ["embedding"], size: 45960996, family: "bert", parameterSize: "23M", quantizationLevel: "F16", contextLength: 512, embeddingLength: 384 },
]);

// ---------------------------------------------------------------------------------------------
// Small helpers

/** @param {string} text */
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** Go prints RFC 3339 with nanoseconds; clients parse it, so keep the precision honest. */
function nowRfc3339() {
  const iso = new Date().toISOString();
  const extra = String(process.hrtime.bigint() % 1_000_000n).padStart(6, "0");
  return iso.replace(/\.(\d{3})Z$/, (_, ms) => `.${ms}${extra}Z`);
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
function toolCallId() {
  const bytes = randomBytes(8);
  let id = "call_";
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

/** @param {unknown} value */
const isPlainObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** @param {unknown} value */
function goKind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

/**
 * Lowercase and default the tag, the way Ollama resolves `llama3.2` to `llama3.2:latest`.
 * @param {string} name
 */
export function normalizeModelName(name) {
  const trimmed = name.trim().toLowerCase();
  const last = trimmed.split("/").pop() ?? "";
  return last.includes(":") ? trimmed : `${trimmed}:latest`;
}

/**
 * @param {string} name
 * @returns {FaultMode | null}
 */
export function faultModeOf(name) {
  const last = normalizeModelName(name).split("/").pop() ?? "";
  const base = last.slice(0, last.lastIndexOf(":"));
  if (!base.startsWith("fault-")) return null;
  const mode = /** @type {FaultMode} */ (base.slice("fault-".length));
  return FAULT_MODES.includes(mode) ? mode : null;
}

/**
 * Concatenating the chunks must give back the text exactly, whitespace included.
 * @param {string} text
 */
function chunkText(text) {
  if (!text) return [];
  const parts = text.match(/\s*\S+/g) ?? [text];
  const joined = parts.join("");
  if (joined.length < text.length) parts.push(text.slice(joined.length));
  return parts;
}

/** @param {string | string[] | undefined} value */
const toChunks = (value) => (value === undefined ? undefined : Array.isArray(value) ? value.map(String) : chunkText(String(value)));

/** @param {string} text */
const estimateTokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/**
 * @param {number} ms
 * @param {AbortSignal} signal
 */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted || !(ms > 0)) return resolve(undefined);
    const timer = setTimeout(done, Math.min(ms, 2_147_483_647));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(undefined);
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** @param {AbortSignal} signal */
function untilAborted(signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    signal.addEventListener("abort", () => resolve(undefined), { once: true });
  });
}

/**
 * Go's `time.ParseDuration` subset plus Ollama's number-of-seconds form.
 * @param {unknown} value
 * @returns {{ ms: number } | { error: string } | null} null when absent
 */
function parseKeepAlive(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return { ms: value < 0 ? Infinity : value * 1000 };
  if (typeof value !== "string") return { error: `Unsupported type: '${goKind(value)}'` };
  const units = /** @type {Record<string, number>} */ ({ ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 });
  const match = /^([-+]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(value);
  if (!match) {
    return { error: value === "" || /^[-+]?\d+(\.\d+)?$/.test(value) ? `time: missing unit in duration "${value}"` : `time: invalid duration "${value}"` };
  }
  let total = 0;
  for (const part of (match[2] ?? "").matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (units[part[2] ?? "s"] ?? 1000);
  }
  return { ms: match[1] === "-" ? Infinity : total };
}

// ---------------------------------------------------------------------------------------------
// Request validation that mirrors Go's encoding/json + gin binding

/**
 * Node's JSON.parse messages translated into what Go's decoder would have said.
 * @param {string} raw
 * @param {unknown} error
 */
function goJsonSyntaxError(raw, error) {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of JSON input|Unterminated string|Bad control character|Unterminated/i.test(message)) return "unexpected EOF";
  let char = /Unexpected token '?(.)'?/.exec(message)?.[1];
  const position = /position (\d+)/.exec(message);
  if (position) char = raw[Number(position[1])] ?? char;
  if (char === undefined) char = raw.trim()[0] ?? "";
  if (/Expected property name/.test(message)) return `invalid character '${char}' looking for beginning of object key string`;
  if (/after JSON/.test(message)) return `invalid character '${char}' after top-level value`;
  if (/after property value/.test(message)) return `invalid character '${char}' after object key:value pair`;
  if (/after array element/.test(message)) return `invalid character '${char}' after array element`;
  if (/Expected ':'/.test(message)) return `invalid character '${char}' after object key`;
  return `invalid character '${char}' looking for beginning of value`;
}

/** @typedef {[key: string, check: (v: unknown) => boolean, goType: string]} FieldRule */
const isString = (/** @type {unknown} */ v) => typeof v === "string";
const isBool = (/** @type {unknown} */ v) => typeof v === "boolean";
const isNumber = (/** @type {unknown} */ v) => typeof v === "number";
const isInt = (/** @type {unknown} */ v) => Number.isInteger(v);
const isArray = (/** @type {unknown} */ v) => Array.isArray(v);
const anything = () => true;

/**
 * @param {Record<string, unknown>} body
 * @param {string} struct
 * @param {FieldRule[]} rules
 */
function checkFields(body, struct, rules) {
  for (const [key, check, goType] of rules) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (!check(value)) return `json: cannot unmarshal ${goKind(value)} into Go struct field ${struct}.${key} of type ${goType}`;
  }
  return null;
}

const NUMERIC_OPTIONS = new Set([
  "temperature", "top_p", "top_k", "min_p", "typical_p", "repeat_penalty", "repeat_last_n", "presence_penalty",
  "frequency_penalty", "seed", "num_predict", "num_ctx", "num_keep", "num_batch", "num_gpu", "main_gpu", "num_thread",
]);
const INTEGER_OPTIONS = new Set(["top_k", "repeat_last_n", "seed", "num_predict", "num_ctx", "num_keep", "num_batch", "num_gpu", "main_gpu", "num_thread"]);

/** @param {unknown} options */
function checkOptions(options) {
  if (!isPlainObject(options)) return null;
  for (const [key, value] of Object.entries(/** @type {Record<string, unknown>} */ (options))) {
    if (value === null) continue;
    if (NUMERIC_OPTIONS.has(key) && typeof value !== "number") {
      return `option "${key}" must be of type ${INTEGER_OPTIONS.has(key) ? "integer" : "float"}`;
    }
    if ((key === "use_mmap" || key === "numa") && typeof value !== "boolean") return `option "${key}" must be of type boolean`;
    if (key === "stop" && !(Array.isArray(value) && value.every(isString))) return `option "stop" must be of type array of strings`;
  }
  return null;
}

/** @param {unknown} think */
function checkThink(think) {
  if (think === undefined || think === null || typeof think === "boolean") return null;
  if (typeof think === "string" && ["high", "medium", "low", "max"].includes(think)) return null;
  return `invalid think value: ${JSON.stringify(think)} (must be "high", "medium", "low", true, or false)`;
}

/** @param {unknown} format */
function checkFormat(format) {
  if (format === undefined || format === null || format === "" || format === "json" || isPlainObject(format)) return null;
  return `invalid format: ${JSON.stringify(format)}; expected "json" or a valid JSON Schema object`;
}

/** @param {Record<string, unknown>} body */
function validateChatBody(body) {
  const top = checkFields(body, "ChatRequest", [
    ["model", isString, "string"],
    ["messages", isArray, "[]api.Message"],
    ["stream", isBool, "bool"],
    ["tools", isArray, "api.Tools"],
    ["options", isPlainObject, "map[string]interface {}"],
    ["truncate", isBool, "bool"],
    ["shift", isBool, "bool"],
    ["logprobs", isBool, "bool"],
    ["top_logprobs", isInt, "int"],
  ]);
  if (top) return top;
  for (const message of /** @type {unknown[]} */ (body.messages ?? [])) {
    if (message === null) continue;
    if (!isPlainObject(message)) return `json: cannot unmarshal ${goKind(message)} into Go struct field ChatRequest.messages of type api.Message`;
    const msg = /** @type {Record<string, unknown>} */ (message);
    const bad = checkFields(msg, "ChatRequest.messages", [
      ["role", isString, "string"],
      ["content", isString, "string"],
      ["thinking", isString, "string"],
      ["images", isArray, "[]api.ImageData"],
      ["tool_calls", isArray, "[]api.ToolCall"],
      ["tool_name", isString, "string"],
      ["tool_call_id", isString, "string"],
    ]);
    if (bad) return bad;
    for (const image of /** @type {unknown[]} */ (msg.images ?? [])) {
      if (typeof image !== "string") return `json: cannot unmarshal ${goKind(image)} into Go struct field ChatRequest.messages.images of type api.ImageData`;
    }
  }
  const topLogprobs = body.top_logprobs;
  if (typeof topLogprobs === "number" && (topLogprobs < 0 || topLogprobs > 20)) return "top_logprobs must be between 0 and 20";
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive && "error" in keepAlive) return keepAlive.error;
  return checkThink(body.think) ?? checkOptions(body.options) ?? checkFormat(body.format);
}

/** @param {Record<string, unknown>} body */
function validateGenerateBody(body) {
  const bad = checkFields(body, "GenerateRequest", [
    ["model", isString, "string"],
    ["prompt", isString, "string"],
    ["suffix", isString, "string"],
    ["system", isString, "string"],
    ["template", isString, "string"],
    ["context", (v) => Array.isArray(v) && v.every(isInt), "[]int"],
    ["stream", isBool, "bool"],
    ["raw", isBool, "bool"],
    ["images", (v) => Array.isArray(v) && v.every(isString), "[]api.ImageData"],
    ["options", isPlainObject, "map[string]interface {}"],
    ["truncate", isBool, "bool"],
    ["shift", isBool, "bool"],
  ]);
  if (bad) return bad;
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive && "error" in keepAlive) return keepAlive.error;
  return checkThink(body.think) ?? checkOptions(body.options) ?? checkFormat(body.format);
}

// ---------------------------------------------------------------------------------------------
// Models

/**
 * @param {string | ModelSpec} spec
 * @returns {Model}
 */
function toModel(spec) {
  const given = typeof spec === "string" ? { name: spec } : spec;
  const name = normalizeModelName(given.name);
  const known = [...DEFAULT_MODELS, ...REGISTRY_MODELS].find((m) => normalizeModelName(m.name) === name);
  const merged = { ...(known ?? {}), ...given };
  const looksLikeEmbedder = /embed|minilm|bge|e5-/.test(name);
  return {
    name,
    capabilities: merged.capabilities ?? (looksLikeEmbedder ? ["embedding"] : ["completion", "tools"]),
    size: merged.size ?? 1_000_000_000 + (parseInt(sha256(name).slice(0, 6), 16) % 1_000_000_000),
    digest: merged.digest ?? sha256(`cairn-ollama-test:${name}`),
    modifiedAt: merged.modifiedAt ?? nowRfc3339(),
    family: merged.family ?? (looksLikeEmbedder ? "bert" : "llama"),
    parameterSize: merged.parameterSize ?? "1.2B",
    quantizationLevel: merged.quantizationLevel ?? "Q4_K_M",
    format: merged.format ?? "gguf",
    contextLength: merged.contextLength ?? 8192,
    embeddingLength: merged.embeddingLength ?? (looksLikeEmbedder ? 384 : 2048),
  };
}

/** @param {Model} model */
function detailsOf(model) {
  return {
    parent_model: "",
    format: model.format,
    family: model.family,
    families: [model.family],
    parameter_size: model.parameterSize,
    quantization_level: model.quantizationLevel,
  };
}

/** @param {Model} model */
function tagEntry(model) {
  return {
    name: model.name,
    model: model.name,
    modified_at: model.modifiedAt,
    size: model.size,
    digest: model.digest,
    details: detailsOf(model),
  };
}

/** @param {Model} model */
function parameterCount(model) {
  const match = /^([\d.]+)([MBK])$/i.exec(model.parameterSize);
  if (!match) return 1_000_000_000;
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[/** @type {"K"|"M"|"B"} */ ((match[2] ?? "B").toUpperCase())];
  return Math.round(Number(match[1]) * scale);
}

// ---------------------------------------------------------------------------------------------
// Generation planning: what to send, independent of wire format

/**
 * @typedef {{ id: string, function: { index: number, name: string, arguments: unknown } }} NativeToolCall
 * @typedef {{ thinking?: string, content?: string, toolCalls?: NativeToolCall[] }} Frame
 * @typedef {{ frames: Frame[], doneReason: string, promptEvalCount: number, evalCount: number, fault: FaultMode | null, reply: ScriptedReply, midStreamError: string | null, firstTokenDelayMs: number, hasToolCalls: boolean }} Plan
 * @typedef {{ total_duration: number, load_duration: number, prompt_eval_count: number, prompt_eval_duration: number, eval_count: number, eval_duration: number }} Metrics
 */

/**
 * A value that satisfies the tool's JSON schema, so the AI SDK's input validation passes.
 * @param {unknown} schema
 * @param {number} [depth]
 * @returns {unknown}
 */
function sampleFromSchema(schema, depth = 0) {
  if (!isPlainObject(schema) || depth > 6) return "example";
  const s = /** @type {Record<string, any>} */ (schema);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ("const" in s) return s.const;
  if ("default" in s) return s.default;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (Array.isArray(s[key]) && s[key].length > 0) {
      const first = s[key].find((/** @type {any} */ v) => v?.type !== "null") ?? s[key][0];
      return sampleFromSchema(first, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((/** @type {string} */ t) => t !== "null") : s.type;
  switch (type) {
    case "string": {
      if (s.format === "date-time") return "2025-01-01T00:00:00Z";
      if (s.format === "date") return "2025-01-01";
      const text = "example";
      return typeof s.minLength === "number" && s.minLength > text.length ? text.padEnd(s.minLength, "x") : text;
    }
    case "integer":
      return typeof s.minimum === "number" ? Math.ceil(s.minimum) : typeof s.exclusiveMinimum === "number" ? Math.floor(s.exclusiveMinimum) + 1 : 1;
    case "number":
      return typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array": {
      const count = typeof s.minItems === "number" ? s.minItems : 0;
      return Array.from({ length: count }, () => sampleFromSchema(s.items, depth + 1));
    }
    case "object":
    default: {
      if (!isPlainObject(s.properties)) return {};
      /** @type {Record<string, unknown>} */
      const out = {};
      for (const [key, prop] of Object.entries(s.properties)) out[key] = sampleFromSchema(prop, depth + 1);
      return out;
    }
  }
}

/**
 * @param {ScriptedToolCall[]} calls
 * @param {boolean} argsAsString
 * @returns {NativeToolCall[]}
 */
function normalizeToolCalls(calls, argsAsString) {
  return calls.map((call, index) => {
    const name = call.function?.name ?? call.name ?? "tool";
    const args = call.function?.arguments ?? call.arguments ?? {};
    return {
      id: call.id ?? toolCallId(),
      function: { index, name, arguments: argsAsString && typeof args !== "string" ? JSON.stringify(args) : args },
    };
  });
}

/**
 * @typedef {object} PlanInput
 * @property {Model} model
 * @property {ScriptedReply} reply
 * @property {FaultMode | null} fault
 * @property {ServerConfig} config
 * @property {boolean} thinkingOn
 * @property {boolean} jsonFormat
 * @property {unknown[]} tools
 * @property {{ role: string, content: string }[]} messages
 * @property {Record<string, unknown>} options
 * @property {string} promptText everything the model would read, for token estimates
 */

/** @param {PlanInput} input @returns {Plan} */
function buildPlan({ model, reply, fault, config, thinkingOn, jsonFormat, tools, messages, options, promptText }) {
  const last = messages[messages.length - 1];
  const afterToolResult = last?.role === "tool";
  const wantsToolCall = fault === "tool-call" || fault === "tool-call-string-args";

  /** @type {NativeToolCall[]} */
  let toolCalls = [];
  if (tools.length > 0) {
    if (reply.toolCalls) {
      toolCalls = normalizeToolCalls(reply.toolCalls, fault === "tool-call-string-args");
    } else if (wantsToolCall && !afterToolResult) {
      const first = /** @type {Record<string, any>} */ (tools[0]);
      const fn = first?.function ?? {};
      toolCalls = normalizeToolCalls([{ name: fn.name ?? "tool", arguments: sampleFromSchema(fn.parameters ?? {}) }], fault === "tool-call-string-args");
    }
  }

  /** @type {string[]} */
  let content;
  const scripted = toChunks(reply.content);
  if (scripted) content = scripted;
  else if (fault === "malformed-json-content") content = [...MALFORMED_JSON_CONTENT];
  else if (toolCalls.length > 0) content = [];
  else if (jsonFormat) content = [...DEFAULT_JSON_REPLY];
  else if (wantsToolCall && afterToolResult) content = chunkText(`Tool result: ${last?.content ?? ""}`);
  else if (fault === "client-abort") content = Array.from({ length: 200 }, (_, i) => `${i ? " " : ""}word${i}`);
  else content = chunkText(DEFAULT_REPLY_TEXT);

  const thinking = thinkingOn ? (toChunks(reply.thinking) ?? [...DEFAULT_THINKING]) : [];

  /** @type {Frame[]} */
  let frames = [...thinking.map((t) => ({ thinking: t, content: "" })), ...content.map((c) => ({ content: c }))];
  let doneReason = reply.doneReason ?? (fault === "context-truncated" ? "length" : "stop");
  const numPredict = typeof options.num_predict === "number" ? options.num_predict : -1;
  if (numPredict > 0 && frames.length > numPredict) {
    frames = frames.slice(0, numPredict);
    doneReason = reply.doneReason ?? "length";
  } else if (toolCalls.length > 0) {
    frames.push({ content: "", toolCalls });
  }

  const numCtx = typeof options.num_ctx === "number" && options.num_ctx > 0 ? options.num_ctx : Math.min(4096, model.contextLength);
  const estimate = estimateTokens(promptText) + messages.length * 4;
  const promptEvalCount =
    reply.promptEvalCount ?? (fault === "context-truncated" ? Math.max(1, Math.floor(Math.min(estimate, numCtx) / 2)) : Math.min(estimate, numCtx));
  const textFrames = frames.filter((f) => f.content || f.thinking).length;
  const evalCount = reply.evalCount ?? Math.max(1, textFrames + toolCalls.length * 8);

  const midStreamError =
    reply.error !== undefined && !(reply.status && reply.status >= 400)
      ? reply.error
      : fault === "error-line-mid-stream"
        ? MID_STREAM_ERROR
        : null;

  const firstTokenDelayMs = reply.firstTokenDelayMs ?? (fault === "slow-first-token" ? config.slowFirstTokenMs : 0);
  return {
    frames,
    doneReason,
    promptEvalCount,
    evalCount,
    fault,
    reply,
    midStreamError,
    firstTokenDelayMs,
    hasToolCalls: frames.some((f) => f.toolCalls?.length),
  };
}

/**
 * Integers in nanoseconds, each non-zero, and consistent with each other.
 * @param {Plan} plan
 * @param {bigint} startedAt
 * @returns {Metrics}
 */
function metricsFor(plan, startedAt) {
  const elapsed = Number(process.hrtime.bigint() - startedAt);
  const loadDuration = 1_204_583 + Math.round(plan.firstTokenDelayMs * 1e6);
  const promptEvalDuration = 3_100_000 + plan.promptEvalCount * 12_000;
  const evalDuration = Math.max(1_000_000, elapsed - Math.round(plan.firstTokenDelayMs * 1e6));
  return {
    total_duration: loadDuration + promptEvalDuration + evalDuration + 417_291,
    load_duration: loadDuration,
    prompt_eval_count: plan.promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: plan.evalCount,
    eval_duration: evalDuration,
  };
}

// ---------------------------------------------------------------------------------------------
// Wire formats

/**
 * @typedef {object} Wire
 * @property {string} contentType
 * @property {(frame: Frame, index: number) => string} frame
 * @property {(plan: Plan, metrics: Metrics) => string} final
 * @property {(message: string) => string} errorLine
 * @property {() => string} malformed
 * @property {(plan: Plan, metrics: Metrics, variant: { omitCreatedAt: boolean, notDone: boolean }) => unknown} single
 * @property {(ctx: Ctx, status: number, message: string) => void} sendError
 */

/** @param {unknown} value */
const ndjson = (value) => `${JSON.stringify(value)}\n`;

/** @param {Frame} frame */
function nativeMessage(frame) {
  /** @type {Record<string, unknown>} */
  const message = { role: "assistant", content: frame.content ?? "" };
  if (frame.thinking) message.thinking = frame.thinking;
  if (frame.toolCalls?.length) message.tool_calls = frame.toolCalls;
  return message;
}

/** @param {Frame[]} frames */
function joinFrames(frames) {
  const content = frames.map((f) => f.content ?? "").join("");
  const thinking = frames.map((f) => f.thinking ?? "").join("");
  const toolCalls = frames.flatMap((f) => f.toolCalls ?? []);
  return { content, thinking, toolCalls };
}

/** @param {string} modelName as the client sent it: Ollama echoes it back unchanged */
function chatWire(modelName) {
  /** @type {Wire} */
  const wire = {
    contentType: "application/x-ndjson",
    frame: (frame) => ndjson({ model: modelName, created_at: nowRfc3339(), message: nativeMessage(frame), done: false }),
    final: (plan, metrics) =>
      ndjson({
        model: modelName,
        created_at: nowRfc3339(),
        message: { role: "assistant", content: "" },
        done_reason: plan.doneReason,
        done: true,
        ...metrics,
      }),
    errorLine: (message) => ndjson({ error: message }),
    malformed: () =>
      "this line is not JSON\n" + ndjson({ model: modelName, message: { role: "assistant", content: DROPPED_LINE_CONTENT }, done: false }),
    single: (plan, metrics, variant) => {
      const { content, thinking, toolCalls } = joinFrames(plan.frames);
      /** @type {Record<string, unknown>} */
      const message = { role: "assistant", content };
      if (thinking) message.thinking = thinking;
      if (toolCalls.length) message.tool_calls = toolCalls;
      /** @type {Record<string, unknown>} */
      const body = { model: modelName, created_at: nowRfc3339(), message };
      if (variant.omitCreatedAt) delete body.created_at;
      if (variant.notDone) return { ...body, done: false };
      return { ...body, done_reason: plan.doneReason, done: true, ...metrics };
    },
    sendError: (ctx, status, message) => sendJson(ctx, status, { error: message }),
  };
  return wire;
}

/**
 * @param {string} modelName
 * @param {number[]} promptContext tokens passed in by the client, carried into the returned context
 */
function generateWire(modelName, promptContext) {
  /** @param {Plan} plan */
  const contextFor = (plan) => {
    const fresh = Array.from({ length: Math.min(plan.promptEvalCount + plan.evalCount, 256) }, (_, i) => 128_000 + i);
    return [...promptContext, ...fresh];
  };
  /** @param {Frame} frame */
  const fields = (frame) => {
    /** @type {Record<string, unknown>} */
    const out = { response: frame.content ?? "" };
    if (frame.thinking) out.thinking = frame.thinking;
    return out;
  };
  /** @type {Wire} */
  const wire = {
    contentType: "application/x-ndjson",
    frame: (frame) => ndjson({ model: modelName, created_at: nowRfc3339(), ...fields(frame), done: false }),
    final: (plan, metrics) =>
      ndjson({ model: modelName, created_at: nowRfc3339(), response: "", done: true, done_reason: plan.doneReason, context: contextFor(plan), ...metrics }),
    errorLine: (message) => ndjson({ error: message }),
    malformed: () => "this line is not JSON\n" + ndjson({ model: modelName, response: DROPPED_LINE_CONTENT, done: false }),
    single: (plan, metrics, variant) => {
      const { content, thinking } = joinFrames(plan.frames);
      /** @type {Record<string, unknown>} */
      const body = { model: modelName, created_at: nowRfc3339(), response: content };
      if (thinking) body.thinking = thinking;
      if (variant.omitCreatedAt) delete body.created_at;
      if (variant.notDone) return { ...body, done: false };
      return { ...body, done: true, done_reason: plan.doneReason, context: contextFor(plan), ...metrics };
    },
    sendError: (ctx, status, message) => sendJson(ctx, status, { error: message }),
  };
  return wire;
}

/** @param {number} status */
function openAiErrorType(status) {
  return status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} message
 */
function sendOpenAiError(ctx, status, message) {
  sendJson(ctx, status, { error: { message, type: openAiErrorType(status), param: null, code: null } });
}

/**
 * @param {string} modelName
 * @param {boolean} includeUsage
 */
function openAiWire(modelName, includeUsage) {
  const id = `chatcmpl-${Math.floor(Math.random() * 1000)}`;
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: "chat.completion.chunk", created, model: modelName, system_fingerprint: "fp_ollama" };
  /** @param {unknown} value */
  const sse = (value) => `data: ${JSON.stringify(value)}\n\n`;
  /** @param {NativeToolCall[]} calls */
  const openAiToolCalls = (calls) =>
    calls.map((call) => ({
      id: call.id,
      index: call.function.index,
      type: "function",
      function: {
        name: call.function.name,
        arguments: typeof call.function.arguments === "string" ? call.function.arguments : JSON.stringify(call.function.arguments),
      },
    }));
  /** @param {Plan} plan */
  const finishReason = (plan) => (plan.hasToolCalls ? "tool_calls" : plan.doneReason === "length" ? "length" : "stop");
  /** @param {Plan} plan */
  const usage = (plan) => ({
    prompt_tokens: plan.promptEvalCount,
    completion_tokens: plan.evalCount,
    total_tokens: plan.promptEvalCount + plan.evalCount,
  });
  /** @type {Wire} */
  const wire = {
    contentType: "text/event-stream",
    frame: (frame, index) => {
      /** @type {Record<string, unknown>} */
      const delta = index === 0 ? { role: "assistant", content: frame.content ?? "" } : { content: frame.content ?? "" };
      if (frame.thinking) delta.reasoning = frame.thinking;
      if (frame.toolCalls?.length) delta.tool_calls = openAiToolCalls(frame.toolCalls);
      return sse({ ...base, choices: [{ index: 0, delta, finish_reason: null }] });
    },
    final: (plan) => {
      let out = sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason(plan) }] });
      if (includeUsage) out += sse({ ...base, choices: [], usage: usage(plan) });
      return `${out}data: [DONE]\n\n`;
    },
    errorLine: (message) => sse({ error: { message, type: "api_error", param: null, code: null } }),
    malformed: () => "data: this line is not JSON\n\n",
    single: (plan, _metrics, variant) => {
      const { content, thinking, toolCalls } = joinFrames(plan.frames);
      /** @type {Record<string, unknown>} */
      const message = { role: "assistant", content };
      if (thinking) message.reasoning = thinking;
      if (toolCalls.length) message.tool_calls = openAiToolCalls(toolCalls);
      return {
        id,
        object: "chat.completion",
        created,
        model: modelName,
        system_fingerprint: "fp_ollama",
        choices: [{ index: 0, message, finish_reason: variant.notDone ? null : finishReason(plan) }],
        usage: usage(plan),
      };
    },
    sendError: sendOpenAiError,
  };
  return wire;
}

// ---------------------------------------------------------------------------------------------
// Response plumbing

/**
 * @typedef {object} Ctx
 * @property {http.IncomingMessage} req
 * @property {http.ServerResponse} res
 * @property {AbortSignal} signal aborted when the connection goes away, whoever closed it
 * @property {RecordedRequest} entry
 * @property {State} state
 * @property {boolean} wroteBody
 * @property {(chunk: string) => boolean} write
 * @property {() => void} end
 * @property {() => void} destroy
 */

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(ctx, status, body) {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  const text = JSON.stringify(body);
  ctx.entry.status = status;
  ctx.res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  ctx.res.end(text);
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} text
 */
function sendText(ctx, status, text) {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.entry.status = status;
  ctx.res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  ctx.res.end(text);
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} message
 */
const sendNativeError = (ctx, status, message) => sendJson(ctx, status, { error: message });

/**
 * @param {Ctx} ctx
 * @param {string} contentType
 */
function startStream(ctx, contentType) {
  ctx.entry.status = 200;
  ctx.res.writeHead(200, { "Content-Type": contentType });
}

/** @param {number} status */
function defaultErrorFor(status) {
  if (status === 500) return "llama runner process has terminated: exit status 2";
  if (status === 503) return "server busy, please try again.  maximum pending requests exceeded";
  if (status === 429) return "rate limit exceeded";
  if (status === 404) return "model not found";
  if (status === 400) return "bad request";
  return http.STATUS_CODES[status] ?? `HTTP ${status}`;
}

/**
 * Errors real Ollama gives before writing a single byte; they win over everything else.
 * @param {Ctx} ctx
 * @param {Wire["sendError"]} sendError
 * @param {{ reply: ScriptedReply, fault: FaultMode | null, modelName: string, model: Model }} info
 */
function preResponseFault(ctx, sendError, { reply, fault, modelName, model }) {
  if (reply.status && reply.status >= 400) {
    sendError(ctx, reply.status, reply.error ?? defaultErrorFor(reply.status));
    return true;
  }
  /** @type {[number, string] | null} */
  const failure =
    fault === "http-500"
      ? [500, defaultErrorFor(500)]
      : fault === "http-503-busy"
        ? [503, defaultErrorFor(503)]
        : fault === "http-429"
          ? [429, defaultErrorFor(429)]
          : fault === "404-model-not-found"
            ? [404, `model '${modelName}' not found`]
            : fault === "400-no-thinking"
              ? [400, `"${modelName}" does not support thinking`]
              : fault === "400-no-tools"
                ? [400, `registry.ollama.ai/library/${model.name} does not support tools`]
                : fault === "400-bad-request"
                  ? [400, "json: cannot unmarshal array into Go struct field ChatRequest.messages.content of type string"]
                  : null;
  if (!failure) return false;
  sendError(ctx, failure[0], failure[1]);
  return true;
}

/**
 * Streams (or answers in one piece) according to the plan, applying any fault on the way.
 * @param {Ctx} ctx
 * @param {Plan} plan
 * @param {Wire} wire
 * @param {boolean} stream
 */
async function runPlan(ctx, plan, wire, stream) {
  const { signal, state } = ctx;
  const { reply, fault } = plan;
  const config = state.config;
  const startedAt = process.hrtime.bigint();
  const tokenDelay =
    reply.delayMs ?? (fault === "slow-tokens" ? config.slowTokenDelayMs : fault === "client-abort" ? 50 : config.tokenDelayMs);
  const after = Math.max(0, reply.afterChunks ?? config.afterChunks);
  /** @type {"hang" | "disconnect" | "error" | null} */
  const midFault =
    fault === "hang-mid-stream" ? "hang" : fault === "disconnect-mid-stream" ? "disconnect" : plan.midStreamError !== null ? "error" : null;

  // A cold model load looks exactly like this: nothing at all, not even headers.
  if (fault === "hang-before-headers") return void (await untilAborted(signal));
  await sleep(plan.firstTokenDelayMs, signal);
  if (signal.aborted) return;

  if (!stream) {
    if (midFault === "hang") return void (await untilAborted(signal));
    await sleep(tokenDelay * Math.max(0, Math.min(plan.frames.length, midFault ? after : Infinity) - 1), signal);
    if (signal.aborted) return;
    if (midFault === "disconnect") return ctx.destroy();
    if (midFault === "error") return wire.sendError(ctx, 500, plan.midStreamError ?? MID_STREAM_ERROR);
    const variant = { omitCreatedAt: fault === "malformed-ndjson-line", notDone: fault === "no-done-chunk" };
    return sendJson(ctx, 200, wire.single(plan, metricsFor(plan, startedAt), variant));
  }

  startStream(ctx, wire.contentType);
  const midStream = async () => {
    if (!ctx.wroteBody) ctx.res.flushHeaders();
    if (midFault === "hang") return void (await untilAborted(signal));
    if (midFault === "error") {
      ctx.write(wire.errorLine(plan.midStreamError ?? MID_STREAM_ERROR));
      return ctx.end();
    }
    // Destroying right after the first write looks like a refused connection, which the AI SDK retries.
    await sleep(config.disconnectDelayMs, signal);
    ctx.destroy();
  };

  for (let i = 0; i < plan.frames.length; i++) {
    if (midFault && i === after) return midStream();
    if (i > 0) {
      await sleep(tokenDelay, signal);
      if (signal.aborted) return;
    }
    ctx.write(wire.frame(/** @type {Frame} */ (plan.frames[i]), i));
    if (fault === "malformed-ndjson-line" && i === 0) ctx.write(wire.malformed());
  }
  if (midFault) return midStream();
  if (fault === "no-done-chunk") return ctx.end();
  ctx.write(wire.final(plan, metricsFor(plan, startedAt)));
  ctx.end();
}

// ---------------------------------------------------------------------------------------------
// State

/**
 * @typedef {object} State
 * @property {Model[]} installed
 * @property {Model[]} initialModels
 * @property {Map<string, ScriptedReply[]>} queues
 * @property {RecordedRequest[]} requests
 * @property {Map<string, { model: Model, expiresAt: number, contextLength: number }>} loaded
 * @property {ServerConfig} config
 * @property {ServerConfig} initialConfig
 * @property {number} nextId
 * @property {boolean} closing
 */

/**
 * @param {State} state
 * @param {string} name
 * @returns {Model | null}
 */
function resolveModel(state, name) {
  const wanted = normalizeModelName(name);
  const installed = state.installed.find((m) => m.name === wanted);
  if (installed) return installed;
  // Fault models answer even when "uninstalled", so a test can empty /api/tags and still pick a fault.
  const mode = faultModeOf(name);
  return mode ? toModel(faultModelSpec(mode)) : null;
}

/**
 * @param {State} state
 * @param {string} name
 * @param {unknown} [body] the request body, for replies scripted with `match`
 */
function peekReply(state, name, body) {
  const queue = state.queues.get(normalizeModelName(name));
  const i = replyIndex(queue, body);
  return i >= 0 ? /** @type {ScriptedReply} */ (queue?.[i]) : null;
}

/**
 * The first queued reply this request may take: one without `match`, or one whose `match` text
 * occurs in the request body — so tests running in parallel can each script their own answer.
 * @param {ScriptedReply[] | undefined} queue
 * @param {unknown} [body]
 */
function replyIndex(queue, body) {
  if (!queue?.length) return -1;
  const text = body === undefined ? "" : JSON.stringify(body);
  return queue.findIndex((r) => !r.match || text.includes(r.match));
}

/**
 * @param {State} state
 * @param {string} name
 * @param {unknown} [body] the request body, for replies scripted with `match`
 */
function takeReply(state, name, body) {
  const queue = state.queues.get(normalizeModelName(name));
  const i = replyIndex(queue, body);
  return i >= 0 ? /** @type {ScriptedReply} */ (queue?.splice(i, 1)[0]) : null;
}

/**
 * @param {State} state
 * @param {Model} model
 * @param {unknown} keepAlive
 * @param {number} contextLength
 */
function markLoaded(state, model, keepAlive, contextLength) {
  const parsed = parseKeepAlive(keepAlive);
  const ms = parsed && "ms" in parsed ? parsed.ms : 5 * 60_000;
  if (ms === 0) {
    state.loaded.delete(model.name);
    return;
  }
  const expiresAt = Number.isFinite(ms) ? Date.now() + ms : Date.UTC(2318, 0, 1);
  state.loaded.set(model.name, { model, expiresAt, contextLength });
}

// ---------------------------------------------------------------------------------------------
// Handlers

/**
 * @param {Ctx} ctx
 * @param {string} raw
 * @param {string} struct Go type name used in the "cannot unmarshal" message
 * @param {(ctx: Ctx, status: number, message: string) => void} [sendError]
 * @returns {Record<string, unknown> | null} null when an error response was sent
 */
function parseBody(ctx, raw, struct, sendError = sendNativeError) {
  if (raw.trim() === "") {
    sendError(ctx, 400, "missing request body");
    return null;
  }
  /** @type {unknown} */
  let body;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    sendError(ctx, 400, goJsonSyntaxError(raw, error));
    return null;
  }
  if (!isPlainObject(body)) {
    sendError(ctx, 400, `json: cannot unmarshal ${goKind(body)} into Go value of type ${struct}`);
    return null;
  }
  return /** @type {Record<string, unknown>} */ (body);
}

/**
 * @param {unknown} think
 * @param {Model} model
 */
function thinkingState(think, model) {
  const explicit = think === true || (typeof think === "string" && think !== "");
  const capable = model.capabilities.includes("thinking");
  return { refused: explicit && !capable, on: capable && think !== false };
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handleChat(ctx, raw) {
  const body = parseBody(ctx, raw, "api.ChatRequest");
  if (!body) return;
  const invalid = validateChatBody(body);
  if (invalid) return sendNativeError(ctx, 400, invalid);
  const modelName = /** @type {string | undefined} */ (body.model) ?? "";
  if (!modelName) return sendNativeError(ctx, 400, "model is required");
  const model = resolveModel(ctx.state, modelName);
  if (!model) return sendNativeError(ctx, 404, `model '${modelName}' not found`);

  const peeked = peekReply(ctx.state, modelName, body);
  const fault = peeked?.fault ?? faultModeOf(modelName);
  if (preResponseFault(ctx, sendNativeError, { reply: peeked ?? {}, fault, modelName, model })) {
    if (peeked) takeReply(ctx.state, modelName, body);
    return;
  }

  const tools = /** @type {unknown[]} */ (body.tools ?? []);
  const think = thinkingState(body.think, model);
  if (!model.capabilities.includes("completion")) return sendNativeError(ctx, 400, `"${modelName}" does not support chat`);
  if (tools.length > 0 && !model.capabilities.includes("tools")) {
    return sendNativeError(ctx, 400, `registry.ollama.ai/library/${model.name} does not support tools`);
  }
  if (think.refused) return sendNativeError(ctx, 400, `"${modelName}" does not support thinking`);

  const messages = /** @type {Array<Record<string, unknown> | null>} */ (body.messages ?? []).filter((m) => m !== null);
  const options = /** @type {Record<string, unknown>} */ (body.options ?? {});
  const contextLength = typeof options.num_ctx === "number" ? options.num_ctx : Math.min(4096, model.contextLength);
  if (messages.length === 0) {
    const unload = parseKeepAlive(body.keep_alive);
    const unloading = unload !== null && "ms" in unload && unload.ms === 0;
    if (unloading) ctx.state.loaded.delete(model.name);
    else markLoaded(ctx.state, model, body.keep_alive, contextLength);
    return sendJson(ctx, 200, {
      model: modelName,
      created_at: nowRfc3339(),
      message: { role: "assistant", content: "" },
      done_reason: unloading ? "unload" : "load",
      done: true,
    });
  }

  const reply = takeReply(ctx.state, modelName, body) ?? {};
  const plainMessages = messages.map((m) => ({ role: String(m.role ?? "").toLowerCase(), content: String(m.content ?? "") }));
  const plan = buildPlan({
    model,
    reply,
    fault,
    config: ctx.state.config,
    thinkingOn: think.on,
    jsonFormat: body.format !== undefined && body.format !== null && body.format !== "",
    tools,
    messages: plainMessages,
    options,
    promptText: plainMessages.map((m) => m.content).join("\n") + (tools.length ? JSON.stringify(tools) : ""),
  });
  markLoaded(ctx.state, model, body.keep_alive, contextLength);
  await runPlan(ctx, plan, chatWire(modelName), body.stream !== false);
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handleGenerate(ctx, raw) {
  const body = parseBody(ctx, raw, "api.GenerateRequest");
  if (!body) return;
  const invalid = validateGenerateBody(body);
  if (invalid) return sendNativeError(ctx, 400, invalid);
  const modelName = /** @type {string | undefined} */ (body.model) ?? "";
  const model = modelName ? resolveModel(ctx.state, modelName) : null;
  if (!model) return sendNativeError(ctx, 404, `model '${modelName}' not found`);
  if (body.raw === true && (body.template || body.system || (Array.isArray(body.context) && body.context.length))) {
    return sendNativeError(ctx, 400, "raw mode does not support template, system, or context");
  }

  const peeked = peekReply(ctx.state, modelName, body);
  const fault = peeked?.fault ?? faultModeOf(modelName);
  if (preResponseFault(ctx, sendNativeError, { reply: peeked ?? {}, fault, modelName, model })) {
    if (peeked) takeReply(ctx.state, modelName, body);
    return;
  }
  const think = thinkingState(body.think, model);
  if (!model.capabilities.includes("completion")) return sendNativeError(ctx, 400, `"${modelName}" does not support generate`);
  if (think.refused) return sendNativeError(ctx, 400, `"${modelName}" does not support thinking`);

  const options = /** @type {Record<string, unknown>} */ (body.options ?? {});
  const contextLength = typeof options.num_ctx === "number" ? options.num_ctx : Math.min(4096, model.contextLength);
  const prompt = /** @type {string} */ (body.prompt ?? "");
  if (prompt === "") {
    const unload = parseKeepAlive(body.keep_alive);
    const unloading = unload !== null && "ms" in unload && unload.ms === 0;
    if (unloading) ctx.state.loaded.delete(model.name);
    else markLoaded(ctx.state, model, body.keep_alive, contextLength);
    return sendJson(ctx, 200, {
      model: modelName,
      created_at: nowRfc3339(),
      response: "",
      done: true,
      done_reason: unloading ? "unload" : "load",
    });
  }

  const reply = takeReply(ctx.state, modelName, body) ?? {};
  const plan = buildPlan({
    model,
    reply,
    fault,
    config: ctx.state.config,
    thinkingOn: think.on,
    jsonFormat: body.format !== undefined && body.format !== null && body.format !== "",
    tools: [],
    messages: [{ role: "user", content: prompt }],
    options,
    promptText: `${body.system ?? ""}\n${prompt}`,
  });
  markLoaded(ctx.state, model, body.keep_alive, contextLength);
  const promptContext = /** @type {number[]} */ (Array.isArray(body.context) ? body.context : []);
  await runPlan(ctx, plan, generateWire(modelName, promptContext), body.stream !== false);
}

/**
 * Deterministic unit vector per text, so equal inputs embed equally and tests can compare.
 * @param {string} text
 * @param {number} dims
 */
function embeddingFor(text, dims) {
  let seed = parseInt(sha256(text).slice(0, 8), 16) >>> 0;
  const next = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const raw = Array.from({ length: dims }, () => next() * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((v) => v / norm);
}

/**
 * Shared by /api/embed and the legacy /api/embeddings.
 * @param {Ctx} ctx
 * @param {Model} model
 * @param {string} modelName
 */
async function embedFaults(ctx, model, modelName) {
  const reply = takeReply(ctx.state, modelName) ?? {};
  const fault = reply.fault ?? faultModeOf(modelName);
  if (preResponseFault(ctx, sendNativeError, { reply, fault, modelName, model })) return true;
  if (fault === "hang-before-headers" || fault === "hang-mid-stream") {
    await untilAborted(ctx.signal);
    return true;
  }
  await sleep(reply.firstTokenDelayMs ?? (fault === "slow-first-token" ? ctx.state.config.slowFirstTokenMs : 0), ctx.signal);
  if (ctx.signal.aborted) return true;
  if (fault === "disconnect-mid-stream") {
    await sleep(ctx.state.config.disconnectDelayMs, ctx.signal);
    ctx.destroy();
    return true;
  }
  return false;
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handleEmbed(ctx, raw) {
  const body = parseBody(ctx, raw, "api.EmbedRequest");
  if (!body) return;
  const bad = checkFields(body, "EmbedRequest", [
    ["model", isString, "string"],
    ["truncate", isBool, "bool"],
    ["dimensions", isInt, "int"],
    ["options", isPlainObject, "map[string]interface {}"],
    ["input", anything, "interface {}"],
  ]);
  if (bad) return sendNativeError(ctx, 400, bad);
  const modelName = /** @type {string | undefined} */ (body.model) ?? "";
  if (!modelName) return sendNativeError(ctx, 400, "model is required");
  const input = body.input;
  /** @type {string[]} */
  let inputs;
  if (input === undefined || input === null) inputs = [];
  else if (typeof input === "string") inputs = input === "" ? [] : [input];
  else if (Array.isArray(input) && input.every(isString)) inputs = /** @type {string[]} */ (input);
  else return sendNativeError(ctx, 400, "invalid input type");
  const model = resolveModel(ctx.state, modelName);
  if (!model) return sendNativeError(ctx, 404, `model "${modelName}" not found, try pulling it first`);
  if (await embedFaults(ctx, model, modelName)) return;

  const tokens = inputs.map((text) => estimateTokens(text));
  if (body.truncate === false && tokens.some((t) => t > model.contextLength)) {
    return sendNativeError(ctx, 400, "the input length exceeds the context length");
  }
  const dims = typeof body.dimensions === "number" && body.dimensions > 0 ? Math.min(body.dimensions, model.embeddingLength) : model.embeddingLength;
  markLoaded(ctx.state, model, body.keep_alive, model.contextLength);
  const promptEvalCount = tokens.reduce((sum, t) => sum + Math.min(t, model.contextLength), 0);
  sendJson(ctx, 200, {
    model: modelName,
    embeddings: inputs.map((text) => embeddingFor(text, dims)),
    total_duration: 14_143_917 + promptEvalCount * 50_000,
    load_duration: 1_019_500,
    prompt_eval_count: Math.max(1, promptEvalCount),
  });
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handleLegacyEmbeddings(ctx, raw) {
  const body = parseBody(ctx, raw, "api.EmbeddingRequest");
  if (!body) return;
  const bad = checkFields(body, "EmbeddingRequest", [
    ["model", isString, "string"],
    ["prompt", isString, "string"],
  ]);
  if (bad) return sendNativeError(ctx, 400, bad);
  const modelName = /** @type {string | undefined} */ (body.model) ?? "";
  if (!modelName) return sendNativeError(ctx, 400, "model is required");
  const model = resolveModel(ctx.state, modelName);
  if (!model) return sendNativeError(ctx, 404, `model "${modelName}" not found, try pulling it first`);
  if (await embedFaults(ctx, model, modelName)) return;
  const prompt = /** @type {string} */ (body.prompt ?? "");
  markLoaded(ctx.state, model, body.keep_alive, model.contextLength);
  sendJson(ctx, 200, { embedding: prompt ? embeddingFor(prompt, model.embeddingLength) : [] });
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
function handleShow(ctx, raw) {
  const body = parseBody(ctx, raw, "api.ShowRequest");
  if (!body) return;
  const bad = checkFields(body, "ShowRequest", [
    ["model", isString, "string"],
    ["name", isString, "string"],
    ["verbose", isBool, "bool"],
  ]);
  if (bad) return sendNativeError(ctx, 400, bad);
  const modelName = /** @type {string} */ (body.model || body.name || "");
  if (!modelName) return sendNativeError(ctx, 400, "model is required");
  const model = resolveModel(ctx.state, modelName);
  if (!model || faultModeOf(modelName) === "404-model-not-found") return sendNativeError(ctx, 404, `model '${modelName}' not found`);
  const arch = model.family.replace(/[^a-z0-9]/g, "") || "llama";
  const embedding = model.capabilities.includes("embedding") && !model.capabilities.includes("completion");
  const template = embedding ? "{{ .Prompt }}" : "{{- range .Messages }}<|{{ .Role }}|>\n{{ .Content }}\n{{- end }}<|assistant|>\n";
  sendJson(ctx, 200, {
    license: "Test model licence: for automated tests only.",
    modelfile: `# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM ${model.name}\n\nFROM /root/.ollama/models/blobs/sha256-${model.digest}\nTEMPLATE """${template}"""\n`,
    parameters: embedding ? "" : 'stop                           "<|eot_id|>"',
    template,
    details: detailsOf(model),
    model_info: {
      "general.architecture": arch,
      "general.parameter_count": parameterCount(model),
      [`${arch}.context_length`]: model.contextLength,
      [`${arch}.embedding_length`]: model.embeddingLength,
    },
    capabilities: model.capabilities,
    modified_at: model.modifiedAt,
  });
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
function handleDelete(ctx, raw) {
  const body = parseBody(ctx, raw, "api.DeleteRequest");
  if (!body) return;
  const modelName = String(body.model || body.name || "");
  if (!modelName) return sendNativeError(ctx, 400, "model is required");
  const wanted = normalizeModelName(modelName);
  const index = ctx.state.installed.findIndex((m) => m.name === wanted);
  if (index < 0) return sendNativeError(ctx, 404, `model '${modelName}' not found`);
  ctx.state.installed.splice(index, 1);
  ctx.state.loaded.delete(wanted);
  ctx.entry.status = 200;
  ctx.res.writeHead(200, { "Content-Length": 0 });
  ctx.res.end();
}

/** @param {string} name */
function isValidModelName(name) {
  return /^[a-z0-9][a-z0-9._\-/:]*$/i.test(name.trim()) && !name.includes("//") && name.length <= 350;
}

/** @param {string} name */
const isMissingFromRegistry = (name) => /does-not-exist|not-found|nonexistent/i.test(name);

/**
 * Pull progress: manifest, the big model layer in steps, small layers, verification, success.
 * @param {Model} model
 * @param {number} steps
 */
function pullProgressLines(model, steps) {
  /** @type {Array<Record<string, unknown>>} */
  const lines = [];
  const main = `sha256:${sha256(`${model.name}:model`)}`;
  const count = Math.max(1, steps);
  for (let i = 1; i <= count; i++) {
    lines.push({ status: `pulling ${main.slice(7, 19)}`, digest: main, total: model.size, completed: Math.round((model.size * i) / count) });
  }
  for (const [kind, size] of /** @type {const} */ ([["template", 1429], ["license", 7711], ["params", 96]])) {
    const digest = `sha256:${sha256(`${model.name}:${kind}`)}`;
    lines.push({ status: `pulling ${digest.slice(7, 19)}`, digest, total: size, completed: size });
  }
  return lines;
}

/**
 * @param {State} state
 * @param {Model} model
 */
function install(state, model) {
  const installed = { ...model, modifiedAt: nowRfc3339() };
  const index = state.installed.findIndex((m) => m.name === model.name);
  if (index >= 0) state.installed[index] = installed;
  else state.installed.push(installed);
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handlePull(ctx, raw) {
  const body = parseBody(ctx, raw, "api.PullRequest");
  if (!body) return;
  const bad = checkFields(body, "PullRequest", [
    ["model", isString, "string"],
    ["name", isString, "string"],
    ["stream", isBool, "bool"],
    ["insecure", isBool, "bool"],
  ]);
  if (bad) return sendNativeError(ctx, 400, bad);
  const modelName = /** @type {string} */ (body.model || body.name || "");
  if (!isValidModelName(modelName)) return sendNativeError(ctx, 400, "invalid model name");
  const stream = body.stream !== false;
  const { signal, state } = ctx;
  const reply = takeReply(state, modelName) ?? {};
  const fault = reply.fault ?? faultModeOf(modelName);
  const target = toModel(modelName);
  const missing = isMissingFromRegistry(modelName) || fault === "404-model-not-found";
  if (fault !== "404-model-not-found" && preResponseFault(ctx, sendNativeError, { reply, fault, modelName, model: target })) return;
  if (fault === "hang-before-headers") return void (await untilAborted(signal));
  await sleep(reply.firstTokenDelayMs ?? (fault === "slow-first-token" ? state.config.slowFirstTokenMs : 0), signal);
  if (signal.aborted) return;

  const delay = reply.delayMs ?? (fault === "slow-tokens" ? state.config.slowTokenDelayMs : state.config.pullDelayMs);
  const progress = pullProgressLines(target, state.config.pullSteps);
  const after = Math.max(0, reply.afterChunks ?? state.config.afterChunks);
  /** @type {"hang" | "disconnect" | "error" | null} */
  const midFault =
    fault === "hang-mid-stream"
      ? "hang"
      : fault === "disconnect-mid-stream"
        ? "disconnect"
        : fault === "error-line-mid-stream" || (reply.error !== undefined && !reply.status)
          ? "error"
          : null;
  const midError = reply.error ?? "max retries exceeded: unexpected EOF";

  if (!stream) {
    // The real server downloads everything first and only then answers.
    await sleep(delay * (missing ? 1 : midFault ? after + 1 : progress.length + 3), signal);
    if (signal.aborted) return;
    if (missing) return sendNativeError(ctx, 500, PULL_MISSING_ERROR);
    if (midFault === "hang") return void (await untilAborted(signal));
    if (midFault === "disconnect") return ctx.destroy();
    if (midFault === "error") return sendNativeError(ctx, 500, midError);
    install(state, target);
    return sendJson(ctx, 200, { status: "success" });
  }

  startStream(ctx, "application/x-ndjson");
  // "pulling manifest" goes out before the registry is asked, so even a missing model gets a 200.
  ctx.write(ndjson({ status: "pulling manifest" }));
  await sleep(delay, signal);
  if (signal.aborted) return;
  if (missing) {
    ctx.write(ndjson({ error: PULL_MISSING_ERROR }));
    return ctx.end();
  }
  for (let i = 0; i < progress.length; i++) {
    if (midFault && i === after) break;
    if (i > 0) await sleep(delay, signal);
    if (signal.aborted) return;
    ctx.write(ndjson(progress[i]));
  }
  if (midFault === "hang") return void (await untilAborted(signal));
  if (midFault === "error") {
    ctx.write(ndjson({ error: midError }));
    return ctx.end();
  }
  if (midFault === "disconnect") {
    await sleep(state.config.disconnectDelayMs, signal);
    return ctx.destroy();
  }
  for (const status of ["verifying sha256 digest", "writing manifest"]) {
    await sleep(delay, signal);
    if (signal.aborted) return;
    ctx.write(ndjson({ status }));
  }
  await sleep(delay, signal);
  if (signal.aborted) return;
  install(state, target);
  ctx.write(ndjson({ status: "success" }));
  ctx.end();
}

/** @param {State} state */
function handleTags(state) {
  const models = [...state.installed].sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt)).map(tagEntry);
  return { models };
}

/** @param {State} state */
function handlePs(state) {
  const now = Date.now();
  for (const [name, entry] of state.loaded) if (entry.expiresAt <= now) state.loaded.delete(name);
  const models = [...state.loaded.values()]
    .sort((a, b) => b.expiresAt - a.expiresAt)
    .map(({ model, expiresAt, contextLength }) => ({
      name: model.name,
      model: model.name,
      size: model.size,
      digest: model.digest,
      details: detailsOf(model),
      expires_at: new Date(expiresAt).toISOString(),
      size_vram: model.size,
      context_length: contextLength,
    }));
  return { models };
}

/** @param {Model} model */
function openAiModel(model) {
  const slash = model.name.lastIndexOf("/");
  const namespace = slash >= 0 ? (model.name.slice(0, slash).split("/").pop() ?? "library") : "library";
  return { id: model.name, object: "model", created: Math.floor(Date.parse(model.modifiedAt) / 1000), owned_by: namespace };
}

/**
 * @param {unknown} content
 * @returns {{ text: string } | { error: string }}
 */
function openAiContentToText(content) {
  if (content === undefined || content === null) return { text: "" };
  if (typeof content === "string") return { text: content };
  if (!Array.isArray(content)) return { error: `invalid message content type: ${goKind(content)}` };
  let text = "";
  for (const part of content) {
    if (!isPlainObject(part)) return { error: `invalid message content type: ${goKind(part)}` };
    const p = /** @type {Record<string, unknown>} */ (part);
    if (p.type === "text") text += String(p.text ?? "");
    else if (p.type !== "image_url" && p.type !== "input_audio") return { error: `invalid message type: ${String(p.type)}` };
  }
  return { text };
}

/** @param {unknown} effort */
function effortToThink(effort) {
  if (effort === undefined || effort === null) return undefined;
  if (effort === "none") return false;
  if (effort === "minimal") return "low";
  if (effort === "xhigh" || effort === "ultra") return "max";
  return effort;
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
async function handleOpenAiChat(ctx, raw) {
  const body = parseBody(ctx, raw, "openai.ChatCompletionRequest", sendOpenAiError);
  if (!body) return;
  const messagesIn = body.messages;
  if (!Array.isArray(messagesIn) || messagesIn.length === 0) return sendOpenAiError(ctx, 400, "[] is too short - 'messages'");
  /** @type {{ role: string, content: string }[]} */
  const messages = [];
  for (const message of messagesIn) {
    if (!isPlainObject(message)) return sendOpenAiError(ctx, 400, `invalid message format: ${goKind(message)}`);
    const converted = openAiContentToText(/** @type {Record<string, unknown>} */ (message).content);
    if ("error" in converted) return sendOpenAiError(ctx, 400, converted.error);
    messages.push({ role: String(/** @type {Record<string, unknown>} */ (message).role ?? "").toLowerCase(), content: converted.text });
  }
  const modelName = typeof body.model === "string" ? body.model : "";
  if (!modelName) return sendOpenAiError(ctx, 400, "model is required");
  const model = resolveModel(ctx.state, modelName);
  if (!model) return sendOpenAiError(ctx, 404, `model '${modelName}' not found`);

  const peeked = peekReply(ctx.state, modelName, body);
  const fault = peeked?.fault ?? faultModeOf(modelName);
  if (preResponseFault(ctx, sendOpenAiError, { reply: peeked ?? {}, fault, modelName, model })) {
    if (peeked) takeReply(ctx.state, modelName, body);
    return;
  }
  const reasoning = /** @type {Record<string, unknown> | undefined} */ (isPlainObject(body.reasoning) ? body.reasoning : undefined);
  const think = thinkingState(effortToThink(body.reasoning_effort ?? reasoning?.effort), model);
  const tools = /** @type {unknown[]} */ (Array.isArray(body.tools) ? body.tools : []);
  if (!model.capabilities.includes("completion")) return sendOpenAiError(ctx, 400, `"${modelName}" does not support chat`);
  if (tools.length > 0 && !model.capabilities.includes("tools")) {
    return sendOpenAiError(ctx, 400, `registry.ollama.ai/library/${model.name} does not support tools`);
  }
  if (think.refused) return sendOpenAiError(ctx, 400, `"${modelName}" does not support thinking`);

  const responseFormat = /** @type {Record<string, any> | undefined} */ (isPlainObject(body.response_format) ? body.response_format : undefined);
  const jsonFormat = responseFormat?.type === "json_object" || responseFormat?.type === "json_schema";
  /** @type {Record<string, unknown>} */
  const options = {};
  if (typeof body.max_tokens === "number") options.num_predict = body.max_tokens;
  const reply = takeReply(ctx.state, modelName, body) ?? {};
  const plan = buildPlan({
    model,
    reply,
    fault,
    config: ctx.state.config,
    thinkingOn: think.on,
    jsonFormat,
    tools,
    messages,
    options,
    promptText: messages.map((m) => m.content).join("\n"),
  });
  markLoaded(ctx.state, model, undefined, Math.min(4096, model.contextLength));
  const streamOptions = /** @type {Record<string, unknown> | undefined} */ (isPlainObject(body.stream_options) ? body.stream_options : undefined);
  await runPlan(ctx, plan, openAiWire(modelName, streamOptions?.include_usage === true), body.stream === true);
}

// ---------------------------------------------------------------------------------------------
// Control API (for a Next.js server under test and Playwright, which cannot call JS directly)

/**
 * @param {State} state
 * @param {string} model
 * @param {ScriptedReply | ScriptedReply[]} reply
 */
function enqueue(state, model, reply) {
  const key = normalizeModelName(model);
  const queue = state.queues.get(key) ?? [];
  queue.push(...(Array.isArray(reply) ? reply : [reply]));
  state.queues.set(key, queue);
  return { model: key, queued: queue.length };
}

/** @param {State} state */
function resetState(state) {
  state.queues.clear();
  state.requests.length = 0;
  state.loaded.clear();
  state.installed = state.initialModels.map((m) => ({ ...m }));
  state.config = { ...state.initialConfig };
}

/**
 * @param {Ctx} ctx
 * @param {string} path
 * @param {string} raw
 */
function handleControl(ctx, path, raw) {
  const { state, req } = ctx;
  const method = req.method ?? "GET";
  /** @returns {Record<string, any> | null} */
  const json = () => {
    try {
      const value = raw.trim() ? JSON.parse(raw) : {};
      return isPlainObject(value) ? value : null;
    } catch {
      return null;
    }
  };
  if (path === "/__control/requests" && method === "GET") {
    const filter = new URL(req.url ?? "/", "http://x").searchParams.get("path");
    return sendJson(ctx, 200, { requests: filter ? state.requests.filter((r) => r.path === filter) : state.requests });
  }
  if (path === "/__control/reset" && method === "POST") {
    resetState(state);
    return sendJson(ctx, 200, { ok: true });
  }
  if (path === "/__control/script" && method === "POST") {
    const body = json();
    const reply = body?.replies ?? body?.reply;
    if (!body || typeof body.model !== "string" || !body.model || !(isPlainObject(reply) || Array.isArray(reply))) {
      return sendNativeError(ctx, 400, 'expected {"model": string, "reply": object} or {"model": string, "replies": object[]}');
    }
    return sendJson(ctx, 200, enqueue(state, body.model, reply));
  }
  if (path === "/__control/models" && method === "POST") {
    const body = json();
    if (!body || !Array.isArray(body.models)) return sendNativeError(ctx, 400, 'expected {"models": Array<string | ModelSpec>}');
    state.installed = body.models.map(toModel);
    state.loaded.clear();
    return sendJson(ctx, 200, { models: state.installed.map((m) => m.name) });
  }
  if (path === "/__control/config" && method === "POST") {
    const body = json();
    if (!body) return sendNativeError(ctx, 400, "expected a JSON object");
    state.config = { ...state.config, ...pickConfig(body) };
    return sendJson(ctx, 200, state.config);
  }
  if (path === "/__control/config" && method === "GET") return sendJson(ctx, 200, state.config);
  return sendText(ctx, 404, "404 page not found");
}

/** @param {Record<string, unknown>} input @returns {Partial<ServerConfig>} */
function pickConfig(input) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(DEFAULT_CONFIG)) {
    const value = input[key];
    if (key === "version" ? typeof value === "string" : typeof value === "number" && value >= 0) out[key] = value;
  }
  return /** @type {Partial<ServerConfig>} */ (out);
}

// ---------------------------------------------------------------------------------------------
// Routing

/** @type {Record<string, string[]>} */
const ROUTES = {
  "/": ["GET", "HEAD"],
  "/api/version": ["GET", "HEAD"],
  "/api/tags": ["GET", "HEAD"],
  "/api/ps": ["GET"],
  "/api/show": ["POST"],
  "/api/chat": ["POST"],
  "/api/generate": ["POST"],
  "/api/embed": ["POST"],
  "/api/embeddings": ["POST"],
  "/api/pull": ["POST"],
  "/api/delete": ["DELETE"],
  "/v1/chat/completions": ["POST"],
  "/v1/models": ["GET"],
};

/**
 * @param {Ctx} ctx
 * @param {string} path
 * @param {string} raw
 */
async function route(ctx, path, raw) {
  const method = ctx.req.method ?? "GET";
  const modelPath = /^\/v1\/models\/(.+)$/.exec(path);
  const allowed = modelPath ? ["GET"] : ROUTES[path];
  if (!allowed) return sendText(ctx, 404, "404 page not found");
  if (!allowed.includes(method)) return sendText(ctx, 405, "405 method not allowed");
  const { state } = ctx;
  if (modelPath) {
    const name = decodeURIComponent(modelPath[1] ?? "");
    const model = state.installed.find((m) => m.name === normalizeModelName(name));
    return model ? sendJson(ctx, 200, openAiModel(model)) : sendOpenAiError(ctx, 404, `model '${name}' not found`);
  }
  switch (path) {
    case "/":
      return sendText(ctx, 200, "Ollama is running");
    case "/api/version":
      return sendJson(ctx, 200, { version: state.config.version });
    case "/api/tags":
      return sendJson(ctx, 200, handleTags(state));
    case "/api/ps":
      return sendJson(ctx, 200, handlePs(state));
    case "/api/show":
      return handleShow(ctx, raw);
    case "/api/chat":
      return handleChat(ctx, raw);
    case "/api/generate":
      return handleGenerate(ctx, raw);
    case "/api/embed":
      return handleEmbed(ctx, raw);
    case "/api/embeddings":
      return handleLegacyEmbeddings(ctx, raw);
    case "/api/pull":
      return handlePull(ctx, raw);
    case "/api/delete":
      return handleDelete(ctx, raw);
    case "/v1/chat/completions":
      return handleOpenAiChat(ctx, raw);
    case "/v1/models": {
      const data = state.installed.map(openAiModel);
      // Go serialises an empty nil slice as null, and clients have tripped on it.
      return sendJson(ctx, 200, { object: "list", data: data.length ? data : null });
    }
    default:
      return sendText(ctx, 404, "404 page not found");
  }
}

/**
 * @param {http.IncomingMessage} req
 * @param {AbortSignal} signal
 * @returns {Promise<string>}
 */
function readBody(req, signal) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const finish = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", finish);
    req.on("error", finish);
    signal.addEventListener("abort", finish, { once: true });
  });
}

/**
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function onRequest(state, req, res) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const started = Date.now();
  const controller = new AbortController();
  let destroyedByServer = false;
  /** @type {RecordedRequest} */
  const entry = {
    id: ++state.nextId,
    method: req.method ?? "GET",
    path,
    query: url.search,
    headers: { ...req.headers },
    body: null,
    time: new Date(started).toISOString(),
    status: null,
    clientClosed: false,
    completed: false,
    durationMs: null,
  };
  const isControl = path.startsWith("/__control/");
  if (!isControl) state.requests.push(entry);

  // A client that disconnects must never crash the server with EPIPE / write-after-end.
  req.on("error", () => {});
  res.on("error", () => {});
  // `res` (not `req`) reports the connection going away once the request body has been read.
  res.on("close", () => {
    entry.completed = res.writableFinished;
    if (!res.writableEnded && !destroyedByServer && !state.closing) entry.clientClosed = true;
    entry.durationMs = Date.now() - started;
    controller.abort();
  });

  /** @type {Ctx} */
  const ctx = {
    req,
    res,
    signal: controller.signal,
    entry,
    state,
    wroteBody: false,
    write(chunk) {
      if (res.destroyed || res.writableEnded) return false;
      ctx.wroteBody = true;
      return res.write(chunk);
    },
    end() {
      if (!res.destroyed && !res.writableEnded) res.end();
    },
    destroy() {
      destroyedByServer = true;
      res.socket?.destroy();
      res.destroy();
    },
  };

  const raw = await readBody(req, controller.signal);
  if (raw) {
    try {
      entry.body = JSON.parse(raw);
    } catch {
      entry.rawBody = raw;
    }
  }
  if (controller.signal.aborted) return;
  try {
    if (isControl) handleControl(ctx, path, raw);
    else await route(ctx, path, raw);
  } catch (error) {
    if (!res.headersSent) sendNativeError(ctx, 500, error instanceof Error ? error.message : String(error));
    else ctx.destroy();
  }
}

/**
 * Starts the server. `port: 0` picks a free port; read it back from the result.
 * @param {StartOptions} [options]
 * @returns {Promise<OllamaTestServer>}
 */
export async function startOllamaServer({ port = 0, host = "127.0.0.1", models = DEFAULT_MODELS, config = {} } = {}) {
  const initialModels = models.map(toModel);
  const initialConfig = { ...DEFAULT_CONFIG, ...pickConfig(/** @type {Record<string, unknown>} */ (config)) };
  /** @type {State} */
  const state = {
    installed: initialModels.map((m) => ({ ...m })),
    initialModels,
    queues: new Map(),
    requests: [],
    loaded: new Map(),
    config: { ...initialConfig },
    initialConfig,
    nextId: 0,
    closing: false,
  };

  const server = http.createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    onRequest(state, req, res).catch(() => {
      if (!res.destroyed) res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    get requests() {
      return state.requests;
    },
    requestsTo(path) {
      return path ? state.requests.filter((r) => r.path === path) : [...state.requests];
    },
    script(model, reply) {
      enqueue(state, model, reply);
    },
    reset() {
      resetState(state);
    },
    setModels(list) {
      state.installed = list.map(toModel);
      state.loaded.clear();
    },
    configure(partial) {
      state.config = { ...state.config, ...pickConfig(/** @type {Record<string, unknown>} */ (partial)) };
    },
    close() {
      state.closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        // Hung fault requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
    },
  };
}
