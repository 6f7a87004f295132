// The only fetch wrapper the client uses: JSON in and out, errors as ApiError with the
// server's code and plain message.
import type { ErrorCode, ErrorEnvelope } from "@/lib/errors";

/** The server's codes, plus the client's own: "network" (no answer) and "error" (an answer without an error body). */
export type ApiErrorCode = ErrorCode | "network" | "error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** A failed response's error body (or none) as an ApiError. */
  static fromBody(status: number, body: Partial<ErrorEnvelope> | null): ApiError {
    return new ApiError(status, body?.error?.code ?? "error", body?.error?.message ?? `Request failed (${status})`, body?.error?.details);
  }
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the Cairn server. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as (T & Partial<ErrorEnvelope>) | null;
  if (!res.ok) {
    if (res.status === 401 && typeof window !== "undefined" && !path.includes("/signup")) {
      window.location.href = `/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    throw ApiError.fromBody(res.status, body);
  }
  return body as T;
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : "Something went wrong");
