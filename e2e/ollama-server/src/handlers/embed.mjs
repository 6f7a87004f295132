// @ts-check
// Handlers for embeddings: /api/embed and the legacy /api/embeddings.
import { estimateTokens, faultModeOf, isPlainObject, sha256, sleep, untilAborted } from "../helpers.mjs";
import { parseBody, preResponseFault, sendJson, sendNativeError } from "../respond.mjs";
import { markLoaded, resolveModel, takeReply } from "../state.mjs";
import { anything, checkFields, isBool, isInt, isString } from "../validation.mjs";
/** @import { Model } from "../defaults.mjs" */
/** @import { Ctx } from "../respond.mjs" */

/**
 * Deterministic unit vector per text, so equal inputs embed equally and tests can compare.
 * @param {string} text
 * @param {number} dims
 */
export function embeddingFor(text, dims) {
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
export async function embedFaults(ctx, model, modelName) {
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
export async function handleEmbed(ctx, raw) {
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
  const dims =
    typeof body.dimensions === "number" && body.dimensions > 0 ? Math.min(body.dimensions, model.embeddingLength) : model.embeddingLength;
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
export async function handleLegacyEmbeddings(ctx, raw) {
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
