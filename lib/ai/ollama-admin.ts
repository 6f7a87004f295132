import { z } from "zod";
import { AppError, invalid } from "@/lib/errors";
import type { EndpointHealth, InstalledModel, LoadedModel } from "./types";

// The AI SDK provider only ever calls /api/chat, /api/generate and /api/embed, so health checks,
// model lists and pulls go straight to Ollama's own routes from here.

const HEALTH_TIMEOUT_MS = 3000;
// /api/tags reads every manifest from disk; a large library on a slow disk takes a moment.
const LIST_TIMEOUT_MS = 5000;

const MODEL_NAME = /^[a-zA-Z0-9][\w.\-/:]{0,199}$/;

export function normalizeOllamaBaseUrl(url: string): string {
  const trimmed = url.trim();
  if (!trimmed) throw invalid("Enter the Ollama address, e.g. http://127.0.0.1:11434");
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalid(`"${trimmed}" is not a web address. Enter it with http:// or https://, e.g. http://127.0.0.1:11434`);
  }
  // `localhost:11434` parses as a URL with the scheme "localhost:", so this also catches a missing scheme.
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalid(`"${trimmed}" must start with http:// or https://, e.g. http://127.0.0.1:11434`);
  }
  // Node's fetch refuses URLs with credentials outright; say so before the user wonders why nothing connects.
  if (parsed.username || parsed.password) {
    throw invalid("The Ollama address must not contain a user name or password");
  }
  if (parsed.search || parsed.hash) {
    throw invalid("The Ollama address must not contain a query string or #fragment");
  }
  // Keep any path so Ollama can sit behind a reverse proxy at e.g. /ollama; people often paste the
  // provider-style base URL ending in /api, which would otherwise become /api/api/... here.
  let path = parsed.pathname.replace(/\/+$/, "");
  if (path.endsWith("/api")) path = path.slice(0, -"/api".length);
  path = path.replace(/\/+$/, "");
  return `${parsed.origin}${path}`;
}

function assertModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw invalid(`"${name}" is not a valid model name. Use a name like llama3.2 or qwen3:8b (letters, digits, and . _ - / : only).`);
  }
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy-eyeballs connects (several addresses for one host) fail with an AggregateError.
  const inner = (error as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

/** Turns a failed fetch (no HTTP answer at all) into one sentence the user can act on. */
export function describeNetworkFailure(
  base: string,
  error: unknown,
  timeoutMs: number,
): { code: "unavailable" | "timeout"; message: string } {
  if (isTimeout(error)) return { code: "timeout", message: `${base} did not answer within ${formatSeconds(timeoutMs)}` };
  // undici wraps the socket error as the `cause` of a generic "fetch failed" TypeError.
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = errorCode(cause);
  const host = hostOf(base);
  switch (code) {
    case "ECONNREFUSED":
      return {
        code: "unavailable",
        message: `Nothing is listening at ${base}: connection refused. Is Ollama running? Start it with \`ollama serve\`.`,
      };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { code: "unavailable", message: `Could not find the host ${host} (${base}). Check the address for typos.` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { code: "unavailable", message: `${base} cannot be reached: there is no network route to ${host}.` };
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return { code: "timeout", message: `${base} did not accept the connection in time. Check the address and any firewall.` };
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return { code: "unavailable", message: `${base} closed the connection without answering.` };
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return { code: "unavailable", message: `${base} did not speak HTTPS. Try the address with http:// instead.` };
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return { code: "unavailable", message: `${base} presented a TLS certificate this server does not trust (${code}).` };
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return { code: "unavailable", message: `Could not reach ${base}: ${detail}` };
}

function hostOf(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}

/** Ollama's errors are `{"error": "..."}`; anything else in front of it (a proxy, another app) gets the status text. */
export async function errorText(res: Response): Promise<string> {
  const fallback = res.statusText || "no error text";
  if (!(res.headers.get("content-type") ?? "").includes("json")) {
    await res.body?.cancel().catch(() => {});
    return fallback;
  }
  try {
    const body: unknown = await res.json();
    const message = (body as { error?: unknown } | null)?.error;
    if (typeof message === "string" && message) return message;
    if (typeof message === "object" && message !== null) {
      // The OpenAI-compatible shape, in case a proxy answers for Ollama.
      const nested = (message as { message?: unknown }).message;
      if (typeof nested === "string" && nested) return nested;
    }
  } catch {
    // Unparseable body: the status text is the best we have.
  }
  return fallback;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function httpFailure(base: string, status: number, text: string): string {
  return `${base} answered with HTTP ${status}: ${text}`;
}

interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A short JSON GET against an admin route. Throws AppError for anything but a parseable 200, except
 * that a caller's own abort is rethrown unchanged so it can be told apart from a failure.
 */
async function getJson<T>(url: string, path: string, schema: z.ZodType<T>, what: string, opts: RequestOptions = {}): Promise<T> {
  const base = normalizeOllamaBaseUrl(url);
  const timeoutMs = opts.timeoutMs ?? LIST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(`${base}${path}`, { headers: { accept: "application/json" }, signal });
    if (!res.ok) throw new AppError("bad_gateway", httpFailure(base, res.status, await errorText(res)));
    body = parseJson(await res.text());
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (opts.signal?.aborted) throw opts.signal.reason;
    const failure = describeNetworkFailure(base, error, timeoutMs);
    throw new AppError(failure.code, failure.message);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AppError("bad_gateway", `${base} answered ${path}, but not with Ollama's ${what}. Is this the right address?`);
  }
  return parsed.data;
}

// Ollama omits or zeroes fields freely across versions; accept what is there and fill the rest with null.
const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s ? s : null));

const details = z.object({ family: optionalText, parameter_size: optionalText, quantization_level: optionalText }).nullish();

const tagsSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string().optional(),
        model: z.string().optional(),
        size: z.number().nullish(),
        modified_at: optionalText,
        details,
      }),
    )
    .nullish(),
});

const psSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string().optional(),
        model: z.string().optional(),
        size: z.number().nullish(),
        size_vram: z.number().nullish(),
        expires_at: optionalText,
        context_length: z.number().nullish(),
      }),
    )
    .nullish(),
});

const versionSchema = z.object({ version: z.string() });

export async function checkEndpoint(url: string, opts: { timeoutMs?: number } = {}): Promise<EndpointHealth> {
  let base: string;
  try {
    base = normalizeOllamaBaseUrl(url);
  } catch (error) {
    return { url, reachable: false, version: null, latencyMs: null, error: (error as Error).message };
  }
  const timeoutMs = opts.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let res: Response;
  try {
    res = await fetch(`${base}/api/version`, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { url: base, reachable: false, version: null, latencyMs: null, error: describeNetworkFailure(base, error, timeoutMs).message };
  }
  try {
    if (!res.ok) {
      const text = await errorText(res);
      return { url: base, reachable: false, version: null, latencyMs: elapsed(), error: httpFailure(base, res.status, text) };
    }
    const parsed = versionSchema.safeParse(parseJson(await res.text()));
    const latencyMs = elapsed();
    if (!parsed.success) {
      return {
        url: base,
        reachable: false,
        version: null,
        latencyMs,
        error: `${base} answered, but not like Ollama (no version from /api/version). Is this the right address?`,
      };
    }
    return { url: base, reachable: true, version: parsed.data.version, latencyMs, error: null };
  } catch (error) {
    // The headers arrived but the body did not, e.g. the timeout fired half-way through.
    return { url: base, reachable: false, version: null, latencyMs: null, error: describeNetworkFailure(base, error, timeoutMs).message };
  }
}

export async function listModels(url: string, opts?: RequestOptions): Promise<InstalledModel[]> {
  const body = await getJson(url, "/api/tags", tagsSchema, "model list", opts);
  return (body.models ?? []).flatMap((m) => {
    const name = m.name || m.model;
    if (!name) return [];
    return [
      {
        name,
        sizeBytes: m.size ?? 0,
        family: m.details?.family ?? null,
        parameterSize: m.details?.parameter_size ?? null,
        quantization: m.details?.quantization_level ?? null,
        modifiedAt: m.modified_at,
      },
    ];
  });
}

export async function listLoadedModels(url: string, opts?: RequestOptions): Promise<LoadedModel[]> {
  const body = await getJson(url, "/api/ps", psSchema, "list of loaded models", opts);
  return (body.models ?? []).flatMap((m) => {
    const name = m.name || m.model;
    if (!name) return [];
    return [
      {
        name,
        sizeBytes: m.size ?? 0,
        vramBytes: m.size_vram ?? 0,
        expiresAt: m.expires_at,
        contextLength: m.context_length ?? null,
      },
    ];
  });
}

export interface PullProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
  /** Of the layer named in `status` (0–100), not of the whole pull; null when Ollama gave no sizes. */
  percent: number | null;
}

const pullLineSchema = z.object({
  status: z.string().optional(),
  digest: z.string().optional(),
  total: z.number().optional(),
  completed: z.number().optional(),
  error: z.string().optional(),
});

/**
 * Streams `POST /api/pull`. Aborting `signal` (or leaving the loop early) aborts the HTTP request,
 * which makes Ollama stop downloading; a later pull resumes where it left off. On abort the
 * signal's reason is thrown unchanged so callers can tell a cancel from a failure.
 */
export async function* pullModel(url: string, name: string, signal?: AbortSignal): AsyncGenerator<PullProgress> {
  const base = normalizeOllamaBaseUrl(url);
  assertModelName(name);
  if (signal?.aborted) throw signal.reason;

  // Our own controller as well as the caller's, so that a consumer who stops iterating still ends the download.
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", forwardAbort, { once: true });
  let succeeded = false;
  try {
    let res: Response;
    try {
      res = await fetch(`${base}/api/pull`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/x-ndjson" },
        body: JSON.stringify({ model: name, stream: true }),
        signal: controller.signal,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // No timeout applies here, so anything that lands here is a connection failure.
      const failure = describeNetworkFailure(base, error, 0);
      throw new AppError(failure.code, failure.message);
    }
    if (!res.ok) {
      throw new AppError("bad_gateway", `Ollama could not pull ${name}: ${await errorText(res)} (HTTP ${res.status})`);
    }
    if (!res.body) throw new AppError("bad_gateway", `The pull of ${name} ended before it finished`);

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let ended = false;
    while (!ended) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new AppError("bad_gateway", `The pull of ${name} ended before it finished: the connection to Ollama was lost (${reason})`);
      }
      if (chunk.done) {
        buffer += decoder.decode();
        ended = true;
      } else {
        buffer += decoder.decode(chunk.value, { stream: true });
      }
      const lines = buffer.split("\n");
      // The last piece may be half a line; keep it for the next read unless the stream is over.
      buffer = ended ? "" : (lines.pop() ?? "");
      for (const raw of lines) {
        const line = raw.trim();
        if (!line) continue;
        const progress = parsePullLine(name, line);
        if (progress.status === "success") {
          succeeded = true;
          yield progress;
          return;
        }
        yield progress;
      }
    }
    throw new AppError("bad_gateway", `The pull of ${name} ended before it finished`);
  } finally {
    signal?.removeEventListener("abort", forwardAbort);
    if (!succeeded) controller.abort();
  }
}

function parsePullLine(name: string, line: string): PullProgress {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new AppError("bad_gateway", `Ollama sent an unreadable progress line while pulling ${name}`, { line: line.slice(0, 200) });
  }
  const parsed = pullLineSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("bad_gateway", `Ollama sent an unreadable progress line while pulling ${name}`, { line: line.slice(0, 200) });
  }
  const { status, digest, total, completed, error } = parsed.data;
  if (error !== undefined) throw new AppError("bad_gateway", `Ollama could not pull ${name}: ${error}`);
  const progress: PullProgress = { status: status ?? "", percent: null };
  if (digest !== undefined) progress.digest = digest;
  if (total !== undefined) progress.total = total;
  if (completed !== undefined) progress.completed = completed;
  if (total !== undefined && completed !== undefined && total > 0) {
    progress.percent = Math.min(100, Math.round((completed / total) * 1000) / 10);
  }
  return progress;
}
