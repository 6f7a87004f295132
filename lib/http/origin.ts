// Cairn's own origins: where a browser page that may call the API is served from.

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origin of NEXTAUTH_URL plus the comma-separated CAIRN_ALLOWED_ORIGINS. */
export function ownOrigins(): string[] {
  const list = [process.env.NEXTAUTH_URL ?? "", ...(process.env.CAIRN_ALLOWED_ORIGINS ?? "").split(",")]
    .map((s) => s.trim())
    .filter(Boolean)
    .map(originOf)
    .filter((o): o is string => !!o);
  return [...new Set(list)];
}

export function isAllowedOrigin(origin: string): boolean {
  const o = originOf(origin);
  return !!o && ownOrigins().includes(o);
}
