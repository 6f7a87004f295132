// @ts-check
// Request validation that mirrors Go's encoding/json + gin binding.
import { goKind, isPlainObject, parseKeepAlive } from "./helpers.mjs";

/**
 * Node's JSON.parse messages translated into what Go's decoder would have said.
 * @param {string} raw
 * @param {unknown} error
 */
export function goJsonSyntaxError(raw, error) {
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
export const isString = (/** @type {unknown} */ v) => typeof v === "string";
export const isBool = (/** @type {unknown} */ v) => typeof v === "boolean";
export const isNumber = (/** @type {unknown} */ v) => typeof v === "number";
export const isInt = (/** @type {unknown} */ v) => Number.isInteger(v);
export const isArray = (/** @type {unknown} */ v) => Array.isArray(v);
export const anything = () => true;

/**
 * @param {Record<string, unknown>} body
 * @param {string} struct
 * @param {FieldRule[]} rules
 */
export function checkFields(body, struct, rules) {
  for (const [key, check, goType] of rules) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (!check(value)) return `json: cannot unmarshal ${goKind(value)} into Go struct field ${struct}.${key} of type ${goType}`;
  }
  return null;
}

export const NUMERIC_OPTIONS = new Set([
  "temperature",
  "top_p",
  "top_k",
  "min_p",
  "typical_p",
  "repeat_penalty",
  "repeat_last_n",
  "presence_penalty",
  "frequency_penalty",
  "seed",
  "num_predict",
  "num_ctx",
  "num_keep",
  "num_batch",
  "num_gpu",
  "main_gpu",
  "num_thread",
]);
export const INTEGER_OPTIONS = new Set([
  "top_k",
  "repeat_last_n",
  "seed",
  "num_predict",
  "num_ctx",
  "num_keep",
  "num_batch",
  "num_gpu",
  "main_gpu",
  "num_thread",
]);

/** @param {unknown} options */
export function checkOptions(options) {
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
export function checkThink(think) {
  if (think === undefined || think === null || typeof think === "boolean") return null;
  if (typeof think === "string" && ["high", "medium", "low", "max"].includes(think)) return null;
  return `invalid think value: ${JSON.stringify(think)} (must be "high", "medium", "low", true, or false)`;
}

/** @param {unknown} format */
export function checkFormat(format) {
  if (format === undefined || format === null || format === "" || format === "json" || isPlainObject(format)) return null;
  return `invalid format: ${JSON.stringify(format)}; expected "json" or a valid JSON Schema object`;
}

/** @param {Record<string, unknown>} body */
export function validateChatBody(body) {
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
    if (!isPlainObject(message))
      return `json: cannot unmarshal ${goKind(message)} into Go struct field ChatRequest.messages of type api.Message`;
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
      if (typeof image !== "string")
        return `json: cannot unmarshal ${goKind(image)} into Go struct field ChatRequest.messages.images of type api.ImageData`;
    }
  }
  const topLogprobs = body.top_logprobs;
  if (typeof topLogprobs === "number" && (topLogprobs < 0 || topLogprobs > 20)) return "top_logprobs must be between 0 and 20";
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive && "error" in keepAlive) return keepAlive.error;
  return checkThink(body.think) ?? checkOptions(body.options) ?? checkFormat(body.format);
}

/** @param {Record<string, unknown>} body */
export function validateGenerateBody(body) {
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
