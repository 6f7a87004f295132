// Whether a URL stays on the user's own network: loopback, private and link-local addresses,
// and the names home networks use (localhost, *.local, *.lan, *.home.arpa, *.internal, bare
// hostnames). Anything else is "external": a role that can reach it is marked in settings and
// in every answer it gives. Pure; the browser imports it too.

function ipv4Local(host: string): boolean | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if ([a, b, Number(m[3]), Number(m[4])].some((n) => n > 255)) return false;
  return (
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT / tailnets
    a === 0
  );
}

function ipv6Local(host: string): boolean | null {
  if (!host.includes(":")) return null;
  const h = host.toLowerCase();
  if (h === "::1" || h === "::") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return ipv4Local(mapped[1]!) ?? false;
  return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h); // unique local fc00::/7, link-local fe80::/10
}

const LOCAL_SUFFIXES = [".local", ".lan", ".home", ".home.arpa", ".internal", ".localdomain", ".localhost"];

export function isLocalHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  host = host
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const v4 = ipv4Local(host);
  if (v4 !== null) return v4;
  const v6 = ipv6Local(host);
  if (v6 !== null) return v6;
  if (host === "localhost") return true;
  if (!host.includes(".")) return true; // a bare name only resolves on the local network
  return LOCAL_SUFFIXES.some((s) => host.endsWith(s));
}
