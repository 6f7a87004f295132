// @ts-check
// Per-model speeds: a model can be told how long it takes to load, how long it reads the prompt
// before its first token, and how many tokens a second it then writes. Its answers (streamed or
// not) then take that long, and their timing fields say so consistently: load_duration,
// prompt_eval_duration and eval_duration are the times actually spent, eval_count / eval_duration
// is the scripted rate, and total_duration covers them all. Fault modes do not apply to a reply
// on a model with a speed; script faults on other models.
import { sleep } from "./helpers.mjs";
import { sendJson, startStream } from "./respond.mjs";
/** @import { Model } from "./defaults.mjs" */
/** @import { Frame, Metrics, Plan } from "./plan.mjs" */
/** @import { Ctx } from "./respond.mjs" */
/** @import { State } from "./state.mjs" */
/** @import { Wire } from "./wire.mjs" */

/**
 * @typedef {object} SpeedProfile
 * @property {number} tokensPerSecond how fast the answer is written once it starts
 * @property {number} [loadMs] paid by a request that finds the model not loaded (cold), before any byte
 * @property {number} [promptMs] prompt evaluation: after loading, before the first token is generated
 *
 * @typedef {{ profile: SpeedProfile, cold: boolean }} Timing
 */

/** @type {WeakMap<State, Map<string, SpeedProfile>>} */
const speeds = new WeakMap();

/** @param {unknown} value @returns {SpeedProfile | null} */
export function parseSpeed(value) {
  if (!value || typeof value !== "object") return null;
  const v = /** @type {Record<string, unknown>} */ (value);
  const num = (/** @type {unknown} */ x) => (typeof x === "number" && Number.isFinite(x) && x >= 0 ? x : undefined);
  const tokensPerSecond = num(v.tokensPerSecond);
  if (!tokensPerSecond) return null;
  return { tokensPerSecond, loadMs: num(v.loadMs) ?? 0, promptMs: num(v.promptMs) ?? 0 };
}

/**
 * @param {State} state
 * @param {string} modelName normalised (as Model.name)
 * @param {SpeedProfile | null} profile null forgets the model's speed
 */
export function setSpeed(state, modelName, profile) {
  const map = speeds.get(state) ?? new Map();
  if (profile) map.set(modelName, profile);
  else map.delete(modelName);
  speeds.set(state, map);
}

/** @param {State} state */
export function clearSpeeds(state) {
  speeds.delete(state);
}

/** @param {State} state */
export function listSpeeds(state) {
  return Object.fromEntries(speeds.get(state) ?? new Map());
}

/**
 * The timing a request on this model gets, decided before the request marks the model loaded.
 * @param {State} state
 * @param {Model} model
 * @returns {Timing | null}
 */
export function timingFor(state, model) {
  const profile = speeds.get(state)?.get(model.name);
  if (!profile) return null;
  const loaded = state.loaded.get(model.name);
  return { profile, cold: !loaded || loaded.expiresAt <= Date.now() };
}

/** @param {bigint} from @param {bigint} to */
const ns = (from, to) => Math.max(1, Number(to - from));

/**
 * Waits until `deadline` (an hrtime in ns): sleeping to absolute deadlines keeps timer drift from
 * adding up over many tokens.
 * @param {bigint} deadline
 * @param {AbortSignal} signal
 */
async function sleepUntil(deadline, signal) {
  const ms = Number(deadline - process.hrtime.bigint()) / 1e6;
  if (ms > 0) await sleep(ms, signal);
}

/**
 * Answers like runPlan does, at the model's scripted speed.
 * @param {Ctx} ctx
 * @param {Plan} plan
 * @param {Wire} wire
 * @param {boolean} stream
 * @param {Timing} timing
 */
export async function runTimedPlan(ctx, plan, wire, stream, timing) {
  const { signal } = ctx;
  const { profile, cold } = timing;
  const t0 = process.hrtime.bigint();
  // Loading and reading the prompt happen before Ollama writes anything, headers included.
  await sleepUntil(t0 + BigInt(Math.round((cold ? (profile.loadMs ?? 0) : 0) * 1e6)), signal);
  const t1 = process.hrtime.bigint();
  await sleepUntil(t1 + BigInt(Math.round((profile.promptMs ?? 0) * 1e6)), signal);
  if (signal.aborted) return;
  const t2 = process.hrtime.bigint();
  const frames = plan.frames;
  // eval_count tokens at the scripted rate, spread over the frames (one frame is one token unless evalCount is scripted).
  const evalNs = (plan.evalCount / profile.tokensPerSecond) * 1e9;
  const at = (/** @type {number} */ i) => t2 + BigInt(Math.round((evalNs * (i + 1)) / Math.max(1, frames.length)));

  if (stream) {
    startStream(ctx, wire.contentType);
    if (frames.length === 0) ctx.res.flushHeaders();
    for (let i = 0; i < frames.length; i++) {
      await sleepUntil(at(i), signal);
      if (signal.aborted) return;
      ctx.write(wire.frame(/** @type {Frame} */ (frames[i]), i));
    }
  } else {
    await sleepUntil(at(frames.length - 1), signal);
    if (signal.aborted) return;
  }
  const t3 = process.hrtime.bigint();
  /** @type {Metrics} */
  const metrics = {
    total_duration: ns(t0, t3) + 417_291,
    load_duration: ns(t0, t1),
    prompt_eval_count: plan.promptEvalCount,
    prompt_eval_duration: ns(t1, t2),
    eval_count: plan.evalCount,
    eval_duration: ns(t2, t3),
  };
  if (!stream) return sendJson(ctx, 200, wire.single(plan, metrics, { omitCreatedAt: false, notDone: false }));
  ctx.write(wire.final(plan, metrics));
  ctx.end();
}

/**
 * POST /__control/speeds {"model", "speed": {tokensPerSecond, loadMs?, promptMs?} | null}; GET lists them.
 * @param {Ctx} ctx
 * @param {string} method
 * @param {Record<string, any> | null} body
 * @param {(name: string) => string} normalize
 */
export function handleSpeedControl(ctx, method, body, normalize) {
  if (method === "GET") return sendJson(ctx, 200, { speeds: listSpeeds(ctx.state) });
  const speed = body?.speed === null ? null : parseSpeed(body?.speed);
  if (!body || typeof body.model !== "string" || !body.model || (speed === null && body.speed !== null)) {
    return sendJson(ctx, 400, {
      error: 'expected {"model": string, "speed": {"tokensPerSecond": number > 0, "loadMs"?, "promptMs"?} | null}',
    });
  }
  setSpeed(ctx.state, normalize(body.model), speed);
  return sendJson(ctx, 200, { speeds: listSpeeds(ctx.state) });
}
