// @ts-check
// Routing, request recording and startOllamaServer.
import http from "node:http";
import { enqueue, handleControl, pickConfig, resetState } from "./control.mjs";
import { DEFAULT_CONFIG, DEFAULT_MODELS } from "./defaults.mjs";
import { handleCreate } from "./handlers/create.mjs";
import { handleEmbed, handleLegacyEmbeddings } from "./handlers/embed.mjs";
import { handleChat, handleGenerate, handleOpenAiChat } from "./handlers/generate.mjs";
import { handleDelete, handlePs, handlePull, handleShow, handleTags, openAiModel } from "./handlers/models.mjs";
import { normalizeModelName } from "./helpers.mjs";
import { toModel } from "./models.mjs";
import { sendJson, sendNativeError, sendText } from "./respond.mjs";
import { parseSpeed, setSpeed } from "./speed.mjs";
import { sendOpenAiError } from "./wire.mjs";
/** @import { OllamaTestServer, RecordedRequest, StartOptions } from "./defaults.mjs" */
/** @import { Ctx } from "./respond.mjs" */
/** @import { State } from "./state.mjs" */

/** @type {Record<string, string[]>} */
export const ROUTES = {
  "/": ["GET", "HEAD"],
  "/api/version": ["GET", "HEAD"],
  "/api/tags": ["GET", "HEAD"],
  "/api/ps": ["GET"],
  "/api/show": ["POST"],
  "/api/chat": ["POST"],
  "/api/generate": ["POST"],
  "/api/embed": ["POST"],
  "/api/embeddings": ["POST"],
  "/api/pull": ["POST"],
  "/api/delete": ["DELETE"],
  "/api/create": ["POST"],
  "/v1/chat/completions": ["POST"],
  "/v1/models": ["GET"],
};

/**
 * @param {Ctx} ctx
 * @param {string} path
 * @param {string} raw
 */
export async function route(ctx, path, raw) {
  const method = ctx.req.method ?? "GET";
  const modelPath = /^\/v1\/models\/(.+)$/.exec(path);
  const allowed = modelPath ? ["GET"] : ROUTES[path];
  if (!allowed) return sendText(ctx, 404, "404 page not found");
  if (!allowed.includes(method)) return sendText(ctx, 405, "405 method not allowed");
  const { state } = ctx;
  if (modelPath) {
    const name = decodeURIComponent(modelPath[1] ?? "");
    const model = state.installed.find((m) => m.name === normalizeModelName(name));
    return model ? sendJson(ctx, 200, openAiModel(model)) : sendOpenAiError(ctx, 404, `model '${name}' not found`);
  }
  switch (path) {
    case "/":
      return sendText(ctx, 200, "Ollama is running");
    case "/api/version":
      return sendJson(ctx, 200, { version: state.config.version });
    case "/api/tags":
      return sendJson(ctx, 200, handleTags(state));
    case "/api/ps":
      return sendJson(ctx, 200, handlePs(state));
    case "/api/show":
      return handleShow(ctx, raw);
    case "/api/chat":
      return handleChat(ctx, raw);
    case "/api/generate":
      return handleGenerate(ctx, raw);
    case "/api/embed":
      return handleEmbed(ctx, raw);
    case "/api/embeddings":
      return handleLegacyEmbeddings(ctx, raw);
    case "/api/pull":
      return handlePull(ctx, raw);
    case "/api/delete":
      return handleDelete(ctx, raw);
    case "/api/create":
      return handleCreate(ctx, raw);
    case "/v1/chat/completions":
      return handleOpenAiChat(ctx, raw);
    case "/v1/models": {
      const data = state.installed.map(openAiModel);
      // Go serialises an empty nil slice as null, and clients have tripped on it.
      return sendJson(ctx, 200, { object: "list", data: data.length ? data : null });
    }
    default:
      return sendText(ctx, 404, "404 page not found");
  }
}

/**
 * @param {http.IncomingMessage} req
 * @param {AbortSignal} signal
 * @returns {Promise<string>}
 */
export function readBody(req, signal) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const finish = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", finish);
    req.on("error", finish);
    signal.addEventListener("abort", finish, { once: true });
  });
}

/**
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
export async function onRequest(state, req, res) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const started = Date.now();
  const controller = new AbortController();
  let destroyedByServer = false;
  /** @type {RecordedRequest} */
  const entry = {
    id: ++state.nextId,
    method: req.method ?? "GET",
    path,
    query: url.search,
    headers: { ...req.headers },
    body: null,
    time: new Date(started).toISOString(),
    status: null,
    clientClosed: false,
    completed: false,
    durationMs: null,
  };
  const isControl = path.startsWith("/__control/");
  if (!isControl) state.requests.push(entry);

  // A client that disconnects must never crash the server with EPIPE / write-after-end.
  req.on("error", () => {});
  res.on("error", () => {});
  // `res` (not `req`) reports the connection going away once the request body has been read.
  res.on("close", () => {
    entry.completed = res.writableFinished;
    if (!res.writableEnded && !destroyedByServer && !state.closing) entry.clientClosed = true;
    entry.durationMs = Date.now() - started;
    controller.abort();
  });

  /** @type {Ctx} */
  const ctx = {
    req,
    res,
    signal: controller.signal,
    entry,
    state,
    wroteBody: false,
    write(chunk) {
      if (res.destroyed || res.writableEnded) return false;
      ctx.wroteBody = true;
      return res.write(chunk);
    },
    end() {
      if (!res.destroyed && !res.writableEnded) res.end();
    },
    destroy() {
      destroyedByServer = true;
      res.socket?.destroy();
      res.destroy();
    },
  };

  const raw = await readBody(req, controller.signal);
  if (raw) {
    try {
      entry.body = JSON.parse(raw);
    } catch {
      entry.rawBody = raw;
    }
  }
  if (controller.signal.aborted) return;
  try {
    if (isControl) handleControl(ctx, path, raw);
    else await route(ctx, path, raw);
  } catch (error) {
    if (!res.headersSent) sendNativeError(ctx, 500, error instanceof Error ? error.message : String(error));
    else ctx.destroy();
  }
}

/**
 * Starts the server. `port: 0` picks a free port; read it back from the result.
 * @param {StartOptions} [options]
 * @returns {Promise<OllamaTestServer>}
 */
export async function startOllamaServer({ port = 0, host = "127.0.0.1", models = DEFAULT_MODELS, config = {} } = {}) {
  const initialModels = models.map(toModel);
  const initialConfig = { ...DEFAULT_CONFIG, ...pickConfig(/** @type {Record<string, unknown>} */ (config)) };
  /** @type {State} */
  const state = {
    installed: initialModels.map((m) => ({ ...m })),
    initialModels,
    queues: new Map(),
    requests: [],
    loaded: new Map(),
    config: { ...initialConfig },
    initialConfig,
    nextId: 0,
    closing: false,
  };

  const server = http.createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    onRequest(state, req, res).catch(() => {
      if (!res.destroyed) res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    get requests() {
      return state.requests;
    },
    requestsTo(path) {
      return path ? state.requests.filter((r) => r.path === path) : [...state.requests];
    },
    script(model, reply) {
      enqueue(state, model, reply);
    },
    reset() {
      resetState(state);
    },
    setModels(list) {
      state.installed = list.map(toModel);
      state.loaded.clear();
    },
    setSpeed(model, speed) {
      setSpeed(state, normalizeModelName(model), speed === null ? null : parseSpeed(speed));
    },
    configure(partial) {
      state.config = { ...state.config, ...pickConfig(/** @type {Record<string, unknown>} */ (partial)) };
    },
    close() {
      state.closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        // Hung fault requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
    },
  };
}
