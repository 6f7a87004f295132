// Security headers for every response. Pages get a nonce-based Content-Security-Policy from
// proxy.ts (a fresh nonce per request, so pages render dynamically); everything else gets the
// fixed headers below from next.config.ts.

/** True when Cairn is served over https (NEXTAUTH_URL says so): then HSTS and upgrade-insecure-requests. */
export function servedOverHttps(): boolean {
  return /^https:/i.test(process.env.NEXTAUTH_URL ?? "");
}

/**
 * Scripts run only with this request's nonce (and what they load: 'strict-dynamic'); no eval
 * outside development. Inline styles stay allowed: React renders `style` attributes, which no
 * nonce can cover, and a style cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, opts: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API answers are data, never a document: nothing may load from them or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The API reference page: a document with its own inline stylesheet, and still no script. */
export const REFERENCE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

export const HSTS = "max-age=63072000; includeSubDomains";

/** Sent with every response (next.config.ts headers()). */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
