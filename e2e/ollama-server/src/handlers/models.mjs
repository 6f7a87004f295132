// @ts-check
// Handlers for model management: show, delete, pull, tags, ps and /v1/models.
import { PULL_MISSING_ERROR } from "../defaults.mjs";
import { faultModeOf, normalizeModelName, nowRfc3339, sha256, sleep, untilAborted } from "../helpers.mjs";
import { detailsOf, modelfileOf, modelInfoOf, parametersTextOf, tagEntry, toModel } from "../models.mjs";
import { parseBody, preResponseFault, sendJson, sendNativeError, startStream } from "../respond.mjs";
import { resolveModel, takeReply } from "../state.mjs";
import { checkFields, isBool, isString } from "../validation.mjs";
import { ndjson } from "../wire.mjs";
/** @import { Model } from "../defaults.mjs" */
/** @import { Ctx } from "../respond.mjs" */
/** @import { State } from "../state.mjs" */

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export function handleShow(ctx, raw) {
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
  const embedding = model.capabilities.includes("embedding") && !model.capabilities.includes("completion");
  const template = embedding ? "{{ .Prompt }}" : "{{- range .Messages }}<|{{ .Role }}|>\n{{ .Content }}\n{{- end }}<|assistant|>\n";
  sendJson(ctx, 200, {
    license: "Test model licence: for automated tests only.",
    modelfile: modelfileOf(model, template),
    parameters: parametersTextOf(model),
    template,
    ...(model.system ? { system: model.system } : {}),
    details: detailsOf(model),
    model_info: modelInfoOf(model),
    capabilities: model.capabilities,
    modified_at: model.modifiedAt,
  });
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export function handleDelete(ctx, raw) {
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
export function isValidModelName(name) {
  return /^[a-z0-9][a-z0-9._\-/:]*$/i.test(name.trim()) && !name.includes("//") && name.length <= 350;
}

/** @param {string} name */
export const isMissingFromRegistry = (name) => /does-not-exist|not-found|nonexistent/i.test(name);

/**
 * Pull progress: manifest, the big model layer in steps, small layers, verification, success.
 * @param {Model} model
 * @param {number} steps
 */
export function pullProgressLines(model, steps) {
  /** @type {Array<Record<string, unknown>>} */
  const lines = [];
  const main = `sha256:${sha256(`${model.name}:model`)}`;
  const count = Math.max(1, steps);
  for (let i = 1; i <= count; i++) {
    lines.push({
      status: `pulling ${main.slice(7, 19)}`,
      digest: main,
      total: model.size,
      completed: Math.round((model.size * i) / count),
    });
  }
  for (const [kind, size] of /** @type {const} */ ([
    ["template", 1429],
    ["license", 7711],
    ["params", 96],
  ])) {
    const digest = `sha256:${sha256(`${model.name}:${kind}`)}`;
    lines.push({ status: `pulling ${digest.slice(7, 19)}`, digest, total: size, completed: size });
  }
  return lines;
}

/**
 * @param {State} state
 * @param {Model} model
 */
export function install(state, model) {
  const installed = { ...model, modifiedAt: nowRfc3339() };
  const index = state.installed.findIndex((m) => m.name === model.name);
  if (index >= 0) state.installed[index] = installed;
  else state.installed.push(installed);
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export async function handlePull(ctx, raw) {
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
export function handleTags(state) {
  const models = [...state.installed].sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt)).map(tagEntry);
  return { models };
}

/** @param {State} state */
export function handlePs(state) {
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
export function openAiModel(model) {
  const slash = model.name.lastIndexOf("/");
  const namespace = slash >= 0 ? (model.name.slice(0, slash).split("/").pop() ?? "library") : "library";
  return { id: model.name, object: "model", created: Math.floor(Date.parse(model.modifiedAt) / 1000), owned_by: namespace };
}
