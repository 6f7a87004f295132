// @ts-check
// Wire formats: native NDJSON chat/generate and the OpenAI-compatible /v1 layer.
import { DROPPED_LINE_CONTENT } from "./defaults.mjs";
import { nowRfc3339 } from "./helpers.mjs";
import { sendJson } from "./respond.mjs";
/** @import { Frame, Metrics, NativeToolCall, Plan } from "./plan.mjs" */
/** @import { Ctx } from "./respond.mjs" */

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
export const ndjson = (value) => `${JSON.stringify(value)}\n`;

/** @param {Frame} frame */
export function nativeMessage(frame) {
  /** @type {Record<string, unknown>} */
  const message = { role: "assistant", content: frame.content ?? "" };
  if (frame.thinking) message.thinking = frame.thinking;
  if (frame.toolCalls?.length) message.tool_calls = frame.toolCalls;
  return message;
}

/** @param {Frame[]} frames */
export function joinFrames(frames) {
  const content = frames.map((f) => f.content ?? "").join("");
  const thinking = frames.map((f) => f.thinking ?? "").join("");
  const toolCalls = frames.flatMap((f) => f.toolCalls ?? []);
  return { content, thinking, toolCalls };
}

/** @param {string} modelName as the client sent it: Ollama echoes it back unchanged */
export function chatWire(modelName) {
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
export function generateWire(modelName, promptContext) {
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
      ndjson({
        model: modelName,
        created_at: nowRfc3339(),
        response: "",
        done: true,
        done_reason: plan.doneReason,
        context: contextFor(plan),
        ...metrics,
      }),
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
export function openAiErrorType(status) {
  return status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} message
 */
export function sendOpenAiError(ctx, status, message) {
  sendJson(ctx, status, { error: { message, type: openAiErrorType(status), param: null, code: null } });
}

/**
 * @param {string} modelName
 * @param {boolean} includeUsage
 */
export function openAiWire(modelName, includeUsage) {
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
