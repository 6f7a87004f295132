// @ts-check
// Response plumbing: JSON and text answers, streams, pre-response faults, body parsing.
import http from "node:http";
import { MID_STREAM_ERROR } from "./defaults.mjs";
import { goKind, isPlainObject, sleep, untilAborted } from "./helpers.mjs";
import { metricsFor } from "./plan.mjs";
import { goJsonSyntaxError } from "./validation.mjs";
/** @import { FaultMode, Model, RecordedRequest, ScriptedReply } from "./defaults.mjs" */
/** @import { Frame, Plan } from "./plan.mjs" */
/** @import { State } from "./state.mjs" */
/** @import { Wire } from "./wire.mjs" */

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
export function sendJson(ctx, status, body) {
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
export function sendText(ctx, status, text) {
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
export const sendNativeError = (ctx, status, message) => sendJson(ctx, status, { error: message });

/**
 * @param {Ctx} ctx
 * @param {string} contentType
 */
export function startStream(ctx, contentType) {
  ctx.entry.status = 200;
  ctx.res.writeHead(200, { "Content-Type": contentType });
}

/** @param {number} status */
export function defaultErrorFor(status) {
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
export function preResponseFault(ctx, sendError, { reply, fault, modelName, model }) {
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
export async function runPlan(ctx, plan, wire, stream) {
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

/**
 * @param {Ctx} ctx
 * @param {string} raw
 * @param {string} struct Go type name used in the "cannot unmarshal" message
 * @param {(ctx: Ctx, status: number, message: string) => void} [sendError]
 * @returns {Record<string, unknown> | null} null when an error response was sent
 */
export function parseBody(ctx, raw, struct, sendError = sendNativeError) {
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
