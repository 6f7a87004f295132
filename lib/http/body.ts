// Request bodies are read as a stream with a cap, so nothing larger than a route allows is ever
// buffered: a Content-Length over the cap is refused before reading, and a body without one is
// cut off at the cap. The parsed JSON is then checked for nesting depth and array sizes.
import "server-only";
import { AppError } from "@/lib/errors";

export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
  maxArrayLength: number;
}

const MB = 1024 * 1024;

export const BODY_LIMITS = {
  /** Every JSON route. */
  json: { maxBytes: 1 * MB, maxDepth: 32, maxArrayLength: 10_000 },
  /** Imports and AI jobs that carry a whole PRD. */
  large: { maxBytes: 20 * MB, maxDepth: 64, maxArrayLength: 100_000 },
} as const satisfies Record<string, BodyLimits>;

const megabytes = (bytes: number) => `${Math.round(bytes / MB)} MB`;

const tooLarge = (limits: BodyLimits) =>
  new AppError(
    "invalid",
    `Request body is too large (limit ${megabytes(limits.maxBytes)})`,
    { limit: "maxBytes", value: limits.maxBytes },
    413,
  );

/** Whether the request declares a body (Content-Length above 0, or chunked); null when it does not say. */
function declaresBody(req: Request): boolean | null {
  const length = req.headers.get("content-length");
  if (length !== null) return length.trim() !== "0";
  return req.headers.has("transfer-encoding") ? true : null;
}

/** Reads until the first byte or the end: true when the body turns out empty. */
async function isEmptyBody(req: Request): Promise<boolean> {
  if (!req.body) return true;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    if (value.byteLength > 0) {
      await reader.cancel().catch(() => undefined);
      return false;
    }
  }
}

/** application/json (any charset) or a +json type; anything else is 415, unread. */
export function isJsonContentType(req: Request): boolean {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** The body as text, read chunk by chunk and abandoned as soon as it passes `limits.maxBytes`. */
export async function readBodyText(req: Request, limits: BodyLimits): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limits.maxBytes) throw tooLarge(limits);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limits);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
}

/** Walks the parsed value without recursion, so a deep document cannot overflow the stack. */
export function checkJsonShape(value: unknown, limits: BodyLimits): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limits.maxDepth) {
      throw new AppError("invalid", `JSON is nested too deeply (limit ${limits.maxDepth} levels)`, {
        limit: "maxDepth",
        value: limits.maxDepth,
      });
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) {
        throw new AppError("invalid", `A JSON array has too many items (limit ${limits.maxArrayLength.toLocaleString("en")})`, {
          limit: "maxArrayLength",
          value: limits.maxArrayLength,
        });
      }
      for (const item of v) if (item !== null && typeof item === "object") stack.push([item, depth + 1]);
    } else {
      for (const key in v) {
        const item = (v as Record<string, unknown>)[key];
        if (item !== null && typeof item === "object") stack.push([item, depth + 1]);
      }
    }
  }
}

/**
 * A JSON body within `limits`: no body is `{}`; a body that is not application/json is 415;
 * over the size cap 413; unparseable 400; too deep or an array too long 422.
 */
export async function readJsonBody(req: Request, limits: BodyLimits = BODY_LIMITS.json): Promise<unknown> {
  const declared = declaresBody(req);
  if (declared === false) return {};
  if (!isJsonContentType(req)) {
    if (declared === null && (await isEmptyBody(req))) return {};
    throw new AppError("invalid", "Send the body as JSON with Content-Type: application/json", { limit: "contentType" }, 415);
  }
  const text = await readBodyText(req, limits);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid", "Request body is not valid JSON", null, 400);
  }
  checkJsonShape(value, limits);
  return value;
}
