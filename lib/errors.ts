// One error type for the whole domain; entry points map it once (lib/http/respond.ts). Type-only
// importers include the browser (lib/hooks/api-client.ts), so this module imports nothing.
export type ErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unavailable"
  | "rate_limited"
  | "timeout"
  | "bad_gateway"
  | "aborted"
  // Anything that is not an AppError: the client sees only that something went wrong.
  | "internal";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
  // nginx's "client closed request": the caller stopped it, so it is not reported as a failure.
  aborted: 499,
  internal: 500,
};

/** Every error response's JSON, and the `error` event of a server-sent stream (plus its status). */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Overrides the default status for the code (e.g. 400 for unparseable JSON). */
  readonly status: number;

  constructor(code: ErrorCode, message: string, details?: unknown, status?: number) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details ?? null;
    this.status = status ?? HTTP_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", message);
export const invalid = (message: string, details?: unknown) => new AppError("invalid", message, details);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);
/** The caller stopped the work (Stop, Cancel, a closed connection); `details.aborted` says so too. */
export const aborted = (message: string) => new AppError("aborted", message, { aborted: true });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
