// @ts-check
// Handlers for generation: /api/chat, /api/generate and /v1/chat/completions.
import { faultModeOf, goKind, isPlainObject, nowRfc3339, parseKeepAlive } from "../helpers.mjs";
import { buildPlan } from "../plan.mjs";
import { parseBody, preResponseFault, runPlan, sendJson, sendNativeError } from "../respond.mjs";
import { timingFor, runTimedPlan } from "../speed.mjs";
import { markLoaded, peekReply, resolveModel, takeReply } from "../state.mjs";
import { validateChatBody, validateGenerateBody } from "../validation.mjs";
import { chatWire, generateWire, openAiWire, sendOpenAiError } from "../wire.mjs";
/** @import { Model } from "../defaults.mjs" */
/** @import { Ctx } from "../respond.mjs" */

/**
 * @param {unknown} think
 * @param {Model} model
 */
export function thinkingState(think, model) {
  const explicit = think === true || (typeof think === "string" && think !== "");
  const capable = model.capabilities.includes("thinking");
  return { refused: explicit && !capable, on: capable && think !== false };
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export async function handleChat(ctx, raw) {
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
  const timing = timingFor(ctx.state, model);
  markLoaded(ctx.state, model, body.keep_alive, contextLength);
  if (timing) return runTimedPlan(ctx, plan, chatWire(modelName), body.stream !== false, timing);
  await runPlan(ctx, plan, chatWire(modelName), body.stream !== false);
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export async function handleGenerate(ctx, raw) {
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
  const timing = timingFor(ctx.state, model);
  markLoaded(ctx.state, model, body.keep_alive, contextLength);
  const promptContext = /** @type {number[]} */ (Array.isArray(body.context) ? body.context : []);
  if (timing) return runTimedPlan(ctx, plan, generateWire(modelName, promptContext), body.stream !== false, timing);
  await runPlan(ctx, plan, generateWire(modelName, promptContext), body.stream !== false);
}

/**
 * @param {unknown} content
 * @returns {{ text: string } | { error: string }}
 */
export function openAiContentToText(content) {
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
export function effortToThink(effort) {
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
export async function handleOpenAiChat(ctx, raw) {
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

  const responseFormat = /** @type {Record<string, any> | undefined} */ (
    isPlainObject(body.response_format) ? body.response_format : undefined
  );
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
  const timing = timingFor(ctx.state, model);
  markLoaded(ctx.state, model, undefined, Math.min(4096, model.contextLength));
  const streamOptions = /** @type {Record<string, unknown> | undefined} */ (
    isPlainObject(body.stream_options) ? body.stream_options : undefined
  );
  const wire = openAiWire(modelName, streamOptions?.include_usage === true);
  if (timing) return runTimedPlan(ctx, plan, wire, body.stream === true, timing);
  await runPlan(ctx, plan, wire, body.stream === true);
}
