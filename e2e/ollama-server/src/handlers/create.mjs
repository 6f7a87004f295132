// @ts-check
// /api/create: a new model from an installed one, with its own SYSTEM prompt, TEMPLATE and
// PARAMETERs, the way current Ollama takes it (the client parses the Modelfile and sends
// `from`, `system`, `template`, `parameters`, `messages`; a `modelfile` field is ignored).
// Status lines stream as NDJSON and end with "success"; the model then shows in /api/tags and
// /api/show. Failures follow Ollama: a request it refuses before streaming gets a JSON error with
// its status, a failure during the create is an `{"error": …}` line after a 200, and nothing is
// installed either way. Script a failure by the NEW model's name:
//   script("cairn-planner", { error: "write manifest: no space left on device", afterChunks: 2 })
//   script("cairn-planner", { status: 500, error: "…" })
import { PULL_MISSING_ERROR } from "../defaults.mjs";
import { isPlainObject, normalizeModelName, nowRfc3339, sha256, sleep, untilAborted } from "../helpers.mjs";
import { parseBody, sendJson, sendNativeError, startStream } from "../respond.mjs";
import { resolveModel, takeReply } from "../state.mjs";
import { anything, checkFields, isArray, isBool, isString } from "../validation.mjs";
import { ndjson } from "../wire.mjs";
import { install, isValidModelName } from "./models.mjs";
/** @import { Model } from "../defaults.mjs" */
/** @import { Ctx } from "../respond.mjs" */

export const TYPICAL_P_ERROR = "typical_p is deprecated and cannot be set as a model parameter; pass it as a request option instead";
export const NEITHER_FROM_NOR_FILES = "neither 'from' or 'files' was specified";

/**
 * The status lines of a successful create, as Ollama words them.
 * @param {Model} base
 * @param {{ system?: string, template?: string, parameters?: Record<string, unknown>, messages?: unknown[] }} layers
 */
export function createStatusLines(base, layers) {
  const layer = (/** @type {string} */ what) => `sha256:${sha256(`${base.name}:${what}:${JSON.stringify(layers)}`)}`;
  const lines = [`using existing layer sha256:${sha256(`${base.name}:model`)}`];
  lines.push(
    layers.template ? `creating new layer ${layer("template")}` : `using existing layer sha256:${sha256(`${base.name}:template`)}`,
  );
  if (layers.system) lines.push(`creating new layer ${layer("system")}`);
  if (layers.messages?.length) lines.push(`creating new layer ${layer("messages")}`);
  if (layers.parameters && Object.keys(layers.parameters).length) lines.push(`creating new layer ${layer("params")}`);
  lines.push("writing manifest");
  return lines;
}

/**
 * @param {Ctx} ctx
 * @param {string} raw
 */
export async function handleCreate(ctx, raw) {
  const body = parseBody(ctx, raw, "api.CreateRequest");
  if (!body) return;
  const bad = checkFields(body, "CreateRequest", [
    ["model", isString, "string"],
    ["name", isString, "string"],
    ["from", isString, "string"],
    ["system", isString, "string"],
    ["template", isString, "string"],
    ["license", anything, "string"],
    ["parameters", isPlainObject, "map[string]interface {}"],
    ["messages", isArray, "[]api.Message"],
    ["files", isPlainObject, "map[string]string"],
    ["stream", isBool, "bool"],
    ["quantize", isString, "string"],
  ]);
  if (bad) return sendNativeError(ctx, 400, bad);
  const parameters = /** @type {Record<string, unknown>} */ (body.parameters ?? {});
  if (parameters.typical_p !== undefined) return sendNativeError(ctx, 400, TYPICAL_P_ERROR);
  const modelName = String(body.model || body.name || "");
  if (!modelName || !isValidModelName(modelName)) {
    return sendNativeError(ctx, 400, "invalid model name: model names are in the form [host/][namespace/]model[:tag]");
  }
  const from = typeof body.from === "string" ? body.from : "";
  if (body.quantize) {
    return sendNativeError(
      ctx,
      400,
      "create-time quantization is only supported for safetensors imports; quantize GGUF models with llama.cpp tools before importing",
    );
  }
  const { state, signal } = ctx;
  const reply = takeReply(state, modelName, body) ?? {};
  if (reply.status && reply.status >= 400) return sendNativeError(ctx, reply.status, reply.error ?? "internal server error");
  // Errors found before anything was written go out with their status, even on a stream.
  if (!from && !body.files) return sendNativeError(ctx, 400, NEITHER_FROM_NOR_FILES);
  if (body.files) return sendNativeError(ctx, 400, "no files provided to convert");

  const base = resolveModel(state, from);
  const stream = body.stream !== false;
  const delay = reply.delayMs ?? state.config.pullDelayMs;
  const layers = {
    system: typeof body.system === "string" ? body.system : undefined,
    template: typeof body.template === "string" ? body.template : undefined,
    parameters,
    messages: Array.isArray(body.messages) ? body.messages : undefined,
  };
  const lines = base ? createStatusLines(base, layers) : [];
  const after = Math.max(0, reply.afterChunks ?? state.config.afterChunks);
  const midError = reply.error !== undefined && !reply.status ? reply.error : null;

  if (!stream) {
    await sleep(delay * (lines.length + 1), signal);
    if (signal.aborted) return;
    if (!base) return sendNativeError(ctx, 500, PULL_MISSING_ERROR);
    if (midError) return sendNativeError(ctx, 500, midError);
    installCreated(state, modelName, base, layers);
    return sendJson(ctx, 200, { status: "success" });
  }

  startStream(ctx, "application/x-ndjson");
  if (!base) {
    // A FROM that is not installed is pulled first; one the registry does not have fails there.
    ctx.write(ndjson({ status: "pulling manifest" }));
    await sleep(delay, signal);
    ctx.write(ndjson({ error: PULL_MISSING_ERROR }));
    return ctx.end();
  }
  if (reply.fault === "hang-mid-stream") {
    ctx.write(ndjson({ status: lines[0] }));
    return void (await untilAborted(signal));
  }
  for (let i = 0; i < lines.length; i++) {
    if (midError !== null && i === after) {
      ctx.write(ndjson({ error: midError }));
      return ctx.end();
    }
    if (i > 0) await sleep(delay, signal);
    if (signal.aborted) return;
    ctx.write(ndjson({ status: lines[i] }));
  }
  if (midError !== null) {
    ctx.write(ndjson({ error: midError }));
    return ctx.end();
  }
  await sleep(delay, signal);
  // A client that went away before "success" leaves no model behind (real Ollama may have
  // written it; tests that care script a failure instead).
  if (signal.aborted) return;
  installCreated(state, modelName, base, layers);
  ctx.write(ndjson({ status: "success" }));
  ctx.end();
}

/**
 * The new model: the base's weights, capabilities and context length, plus its own layers.
 * @param {import("../state.mjs").State} state
 * @param {string} name
 * @param {Model} base
 * @param {{ system?: string, template?: string, parameters: Record<string, unknown>, messages?: unknown[] }} layers
 */
export function installCreated(state, name, base, layers) {
  const normalized = normalizeModelName(name);
  install(state, {
    ...base,
    name: normalized,
    digest: sha256(`cairn-ollama-test:${normalized}:${JSON.stringify(layers)}`),
    size: base.size + 1024,
    modifiedAt: nowRfc3339(),
    parentModel: base.name,
    system: layers.system ?? base.system,
    parameters: { ...base.parameters, ...layers.parameters },
  });
}
