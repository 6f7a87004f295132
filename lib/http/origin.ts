// Which origins may send cookie-authenticated writes: the address the request itself was sent to
// (its Host, as the browser used it), NEXTAUTH_URL's when it is set, and any listed in
// CAIRN_ALLOWED_ORIGINS (comma-separated), e.g. a second hostname. A page of another site cannot
// forge its Origin, and a browser sends Cairn's cookie only to the host it was set by, so a
// request whose Origin is its own Host came from one of Cairn's pages.

function originOf(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

let cached: { key: string; origins: string[] } | null = null;

/** NEXTAUTH_URL's origin (when set) then CAIRN_ALLOWED_ORIGINS: the addresses configured for Cairn. */
export function ownOrigins(): string[] {
  const key = `${process.env.NEXTAUTH_URL ?? ""}\u0000${process.env.CAIRN_ALLOWED_ORIGINS ?? ""}`;
  if (cached?.key === key) return cached.origins;
  const candidates = [process.env.NEXTAUTH_URL ?? "", ...(process.env.CAIRN_ALLOWED_ORIGINS ?? "").split(",")];
  const origins = [
    ...new Set(
      candidates
        .filter((c) => c.trim() !== "")
        .map(originOf)
        .filter((o): o is string => o !== null),
    ),
  ];
  cached = { key, origins };
  return origins;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  const v = h instanceof Headers ? (h.get(name) ?? undefined) : h[name];
  return (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim() || undefined;
}

/**
 * The origin the browser used for this request: its Host (or the X-Forwarded-Host a proxy sets,
 * which Next.js fills from Host when absent) with the scheme X-Forwarded-Proto names.
 */
export function requestOrigin(h: HeaderSource): string | null {
  const host = header(h, "x-forwarded-host") ?? header(h, "host");
  if (!host) return null;
  const proto = header(h, "x-forwarded-proto") === "https" ? "https" : "http";
  return originOf(`${proto}://${host}`);
}

/** An Origin Cairn's own pages send: the request's own address, or a configured one. */
export function isAllowedOrigin(origin: string, requestHeaders?: HeaderSource): boolean {
  const o = originOf(origin);
  if (o === null) return false;
  if (requestHeaders && requestOrigin(requestHeaders) === o) return true;
  return ownOrigins().includes(o);
}

/**
 * When NEXTAUTH_URL is set to another address than the one this request came to, sign-in and
 * sign-out send the browser to NEXTAUTH_URL's: the sign-in page and the server log say so.
 */
export function configuredUrlMismatch(h: HeaderSource): { configured: string; used: string } | null {
  const configured = process.env.NEXTAUTH_URL ? originOf(process.env.NEXTAUTH_URL) : null;
  const used = requestOrigin(h);
  return configured && used && configured !== used ? { configured, used } : null;
}

/**
 * The origin the people using Cairn reach it at, for URLs Cairn hands out (a webhook's payload
 * URL): the page's own origin when it is one of Cairn's, else NEXTAUTH_URL's.
 */
export function publicOrigin(req: Request): string {
  const origin = req.headers.get("origin");
  if (origin && isAllowedOrigin(origin)) return originOf(origin)!;
  return ownOrigins()[0] ?? new URL(req.url).origin;
}
