// @ts-check
// State: installed models, loaded models and scripted reply queues.
import { faultModelSpec } from "./defaults.mjs";
import { faultModeOf, normalizeModelName, parseKeepAlive } from "./helpers.mjs";
import { toModel } from "./models.mjs";
/** @import { Model, RecordedRequest, ScriptedReply, ServerConfig } from "./defaults.mjs" */

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
export function resolveModel(state, name) {
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
export function peekReply(state, name, body) {
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
export function replyIndex(queue, body) {
  if (!queue?.length) return -1;
  const text = body === undefined ? "" : JSON.stringify(body);
  return queue.findIndex((r) => !r.match || text.includes(r.match));
}

/**
 * @param {State} state
 * @param {string} name
 * @param {unknown} [body] the request body, for replies scripted with `match`
 */
export function takeReply(state, name, body) {
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
export function markLoaded(state, model, keepAlive, contextLength) {
  const parsed = parseKeepAlive(keepAlive);
  const ms = parsed && "ms" in parsed ? parsed.ms : 5 * 60_000;
  if (ms === 0) {
    state.loaded.delete(model.name);
    return;
  }
  const expiresAt = Number.isFinite(ms) ? Date.now() + ms : Date.UTC(2318, 0, 1);
  state.loaded.set(model.name, { model, expiresAt, contextLength });
}
