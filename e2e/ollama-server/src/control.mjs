// @ts-check
// Control API (for a Next.js server under test and Playwright, which cannot call JS directly).
import { DEFAULT_CONFIG } from "./defaults.mjs";
import { isPlainObject, normalizeModelName } from "./helpers.mjs";
import { toModel } from "./models.mjs";
import { sendJson, sendNativeError, sendText } from "./respond.mjs";
import { clearSpeeds, handleSpeedControl } from "./speed.mjs";
/** @import { ModelSpec, ScriptedReply, ServerConfig } from "./defaults.mjs" */
/** @import { Ctx } from "./respond.mjs" */
/** @import { State } from "./state.mjs" */

/**
 * @param {State} state
 * @param {string} model
 * @param {ScriptedReply | ScriptedReply[]} reply
 */
export function enqueue(state, model, reply) {
  const key = normalizeModelName(model);
  const queue = state.queues.get(key) ?? [];
  queue.push(...(Array.isArray(reply) ? reply : [reply]));
  state.queues.set(key, queue);
  return { model: key, queued: queue.length };
}

/** @param {State} state */
export function resetState(state) {
  state.queues.clear();
  state.requests.length = 0;
  state.loaded.clear();
  state.installed = state.initialModels.map((m) => ({ ...m }));
  state.config = { ...state.initialConfig };
  clearSpeeds(state);
}

/**
 * @param {Ctx} ctx
 * @param {string} path
 * @param {string} raw
 */
export function handleControl(ctx, path, raw) {
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
  if (path === "/__control/speeds" && (method === "POST" || method === "GET"))
    return handleSpeedControl(ctx, method, json(), normalizeModelName);
  return sendText(ctx, 404, "404 page not found");
}

/** @param {Record<string, unknown>} input @returns {Partial<ServerConfig>} */
export function pickConfig(input) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(DEFAULT_CONFIG)) {
    const value = input[key];
    if (key === "version" ? typeof value === "string" : typeof value === "number" && value >= 0) out[key] = value;
  }
  return /** @type {Partial<ServerConfig>} */ (out);
}
