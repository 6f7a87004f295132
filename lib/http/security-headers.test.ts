import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { configuredUrlMismatch, isAllowedOrigin, ownOrigins, requestOrigin } from "./origin";

const saved = { url: process.env.NEXTAUTH_URL, extra: process.env.CAIRN_ALLOWED_ORIGINS };
afterEach(() => {
  if (saved.url === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = saved.url;
  if (saved.extra === undefined) delete process.env.CAIRN_ALLOWED_ORIGINS;
  else process.env.CAIRN_ALLOWED_ORIGINS = saved.extra;
});

describe("page headers (proxy.ts)", () => {
  it("over http: a nonce CSP without eval, no HSTS, the nonce handed to the page", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const res = proxy(new NextRequest("http://localhost:3000/projects"));
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    // Next.js reads the policy (and the layout the nonce) from the forwarded request headers.
    expect(res.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(proxy(new NextRequest("http://localhost:3000/projects")).headers.get("content-security-policy")).not.toBe(csp);
  });

  it("over https: HSTS and upgrade-insecure-requests", () => {
    process.env.NEXTAUTH_URL = "https://cairn.example.org";
    const res = proxy(new NextRequest("https://cairn.example.org/"));
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("own origins", () => {
  it("are NEXTAUTH_URL's origin plus CAIRN_ALLOWED_ORIGINS", () => {
    process.env.NEXTAUTH_URL = "https://cairn.example.org/some/path";
    process.env.CAIRN_ALLOWED_ORIGINS = " http://192.168.1.20:3000 , not a url,https://cairn.lan/";
    expect(ownOrigins()).toEqual(["https://cairn.example.org", "http://192.168.1.20:3000", "https://cairn.lan"]);
    expect(isAllowedOrigin("https://cairn.example.org")).toBe(true);
    expect(isAllowedOrigin("https://cairn.lan")).toBe(true);
    expect(isAllowedOrigin("https://cairn.example.org:444")).toBe(false);
    expect(isAllowedOrigin("http://cairn.example.org")).toBe(false);
    expect(isAllowedOrigin("null")).toBe(false);
  });
});

describe("the address a request was sent to", () => {
  it("is its Host (or a proxy's X-Forwarded-Host) with the forwarded scheme", () => {
    expect(requestOrigin(new Headers({ host: "192.0.2.2:3000" }))).toBe("http://192.0.2.2:3000");
    expect(requestOrigin({ host: "cairn.lan", "x-forwarded-proto": "https" })).toBe("https://cairn.lan");
    expect(requestOrigin({ host: "127.0.0.1:3000", "x-forwarded-host": "cairn.example.org", "x-forwarded-proto": "https,http" })).toBe(
      "https://cairn.example.org",
    );
    expect(requestOrigin({})).toBeNull();
  });

  it("without NEXTAUTH_URL: a page's own address may write, another origin may not", () => {
    delete process.env.NEXTAUTH_URL;
    delete process.env.CAIRN_ALLOWED_ORIGINS;
    expect(ownOrigins()).toEqual([]);
    const lan = new Headers({ host: "192.0.2.2:3000", "x-forwarded-proto": "http" });
    expect(isAllowedOrigin("http://192.0.2.2:3000", lan)).toBe(true);
    expect(isAllowedOrigin("http://localhost:3000", lan)).toBe(false);
    expect(isAllowedOrigin("http://192.0.2.2:3001", lan)).toBe(false);
    expect(isAllowedOrigin("https://192.0.2.2:3000", lan)).toBe(false);
    expect(isAllowedOrigin("http://192.0.2.2:3000")).toBe(false);
    expect(configuredUrlMismatch(lan)).toBeNull();
  });

  it("with NEXTAUTH_URL set elsewhere: the mismatch is named; its own address still writes", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const lan = { host: "192.0.2.2:3000" };
    expect(configuredUrlMismatch(lan)).toEqual({ configured: "http://localhost:3000", used: "http://192.0.2.2:3000" });
    expect(configuredUrlMismatch({ host: "localhost:3000" })).toBeNull();
    expect(isAllowedOrigin("http://192.0.2.2:3000", lan)).toBe(true);
    expect(isAllowedOrigin("http://localhost:3000", lan)).toBe(true);
    expect(isAllowedOrigin("http://evil.example", lan)).toBe(false);
  });
});
