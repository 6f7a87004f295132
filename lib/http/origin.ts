// Which origins may send cookie-authenticated writes: the one Cairn is reached at (NEXTAUTH_URL)
// plus any listed in CAIRN_ALLOWED_ORIGINS (comma-separated), e.g. a second hostname.

function originOf(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

let cached: { key: string; origins: string[] } | null = null;

export function ownOrigins(): string[] {
  const key = `${process.env.NEXTAUTH_URL ?? ""}\u0000${process.env.CAIRN_ALLOWED_ORIGINS ?? ""}`;
  if (cached?.key === key) return cached.origins;
  const candidates = [
    process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`,
    ...(process.env.CAIRN_ALLOWED_ORIGINS ?? "").split(","),
  ];
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

export function isAllowedOrigin(origin: string): boolean {
  const o = originOf(origin);
  return o !== null && ownOrigins().includes(o);
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
