import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { isAllowedOrigin, ownOrigins } from "./origin";

const saved = { url: process.env.NEXTAUTH_URL, extra: process.env.CAIRN_ALLOWED_ORIGINS };
afterEach(() => {
  process.env.NEXTAUTH_URL = saved.url;
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
