// @ts-check
// Generation planning: what to send, independent of wire format.
import { DEFAULT_JSON_REPLY, DEFAULT_REPLY_TEXT, DEFAULT_THINKING, MALFORMED_JSON_CONTENT, MID_STREAM_ERROR } from "./defaults.mjs";
import { chunkText, estimateTokens, isPlainObject, toChunks, toolCallId } from "./helpers.mjs";
/** @import { FaultMode, Model, ScriptedReply, ScriptedToolCall, ServerConfig } from "./defaults.mjs" */

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
export function sampleFromSchema(schema, depth = 0) {
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
      return typeof s.minimum === "number"
        ? Math.ceil(s.minimum)
        : typeof s.exclusiveMinimum === "number"
          ? Math.floor(s.exclusiveMinimum) + 1
          : 1;
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
export function normalizeToolCalls(calls, argsAsString) {
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
export function buildPlan({ model, reply, fault, config, thinkingOn, jsonFormat, tools, messages, options, promptText }) {
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
      toolCalls = normalizeToolCalls(
        [{ name: fn.name ?? "tool", arguments: sampleFromSchema(fn.parameters ?? {}) }],
        fault === "tool-call-string-args",
      );
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
    reply.promptEvalCount ??
    (fault === "context-truncated" ? Math.max(1, Math.floor(Math.min(estimate, numCtx) / 2)) : Math.min(estimate, numCtx));
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
export function metricsFor(plan, startedAt) {
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
