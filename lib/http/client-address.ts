import "server-only";
import http from "node:http";
import { randomBytes } from "node:crypto";

// Route handlers never see the socket, and Next.js fills X-Forwarded-For only when the client did
// not send one, so neither tells who is really connected. The server therefore stamps each request
// with the socket's address under a header only this process can write: its value starts with a
// per-process secret, so a client-sent copy is recognised as forged and replaced.
const HEADER = "x-cairn-peer";
const state = globalThis as unknown as { cairnPeerSecret?: string; cairnPeerInstalled?: boolean };

function secret(): string {
  state.cairnPeerSecret ??= randomBytes(16).toString("hex");
  return state.cairnPeerSecret;
}

/** Called once at start-up (instrumentation.ts): every later request carries its socket address. */
export function installPeerAddressTag(): void {
  if (state.cairnPeerInstalled) return;
  state.cairnPeerInstalled = true;
  const tag = secret();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[HEADER] = `${tag} ${req.socket?.remoteAddress ?? "unknown"}`;
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

const normalise = (a: string) =>
  a
    .trim()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1")
    .toLowerCase();

type HeaderSource = Headers | Record<string, string | string[] | undefined>;
function header(h: HeaderSource, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * The address of the client, for throttling: the socket's, or — only when `CAIRN_TRUST_PROXY=1`
 * says a reverse proxy stands in front — the last `X-Forwarded-For` entry (the one the proxy
 * appended; entries to its left are whatever the client claimed).
 */
export function clientAddress(h: HeaderSource): string {
  if (process.env.CAIRN_TRUST_PROXY === "1" || process.env.CAIRN_TRUST_PROXY === "true") {
    const last = header(h, "x-forwarded-for")?.split(",").pop();
    if (last && last.trim()) return normalise(last);
  }
  const tagged = header(h, HEADER);
  if (tagged) {
    const [tag, address] = tagged.split(" ");
    if (tag === secret() && address) return normalise(address);
  }
  // Only the very first requests, made before start-up finished, arrive untagged.
  return "unknown";
}
