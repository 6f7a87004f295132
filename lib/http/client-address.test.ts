import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, installPeerAddressTag } from "./client-address";

// A real server and real sockets from chosen loopback addresses: what the throttle will key on.
let server: http.Server;
let port: number;
beforeAll(async () => {
  installPeerAddressTag();
  server = http.createServer((req, res) => res.end(clientAddress(req.headers as Record<string, string>)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  delete process.env.CAIRN_TRUST_PROXY;
});

function ask(localAddress: string, headers: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", localAddress, headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

describe("client address", () => {
  it("is the socket's address; X-Forwarded-For and a forged tag are ignored", async () => {
    expect(await ask("127.0.0.9")).toBe("127.0.0.9");
    expect(await ask("127.0.0.10", { "x-forwarded-for": "203.0.113.5", "x-cairn-peer": "guess 198.51.100.1" })).toBe("127.0.0.10");
  });

  it("with CAIRN_TRUST_PROXY=1, is the last X-Forwarded-For entry (the one the proxy appended)", async () => {
    process.env.CAIRN_TRUST_PROXY = "1";
    expect(await ask("127.0.0.11", { "x-forwarded-for": "10.9.9.9, 203.0.113.7" })).toBe("203.0.113.7");
    expect(await ask("127.0.0.11")).toBe("127.0.0.11");
  });

  it("a header set by anyone but this process is not trusted", () => {
    expect(clientAddress(new Headers({ "x-cairn-peer": "not-the-secret 192.0.2.1" }))).toBe("unknown");
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.1" }))).toBe("unknown");
  });
});
