// Runs before every page (not the API, not static files): gives the page a fresh CSP nonce, which
// Next.js puts on its own scripts, and sends the policy (plus HSTS over https).
import { NextResponse, type NextRequest } from "next/server";
import { HSTS, pageContentSecurityPolicy, servedOverHttps } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const https = servedOverHttps();
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  // API routes stay out: they need no nonce, and their bodies must reach the handler unbuffered.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
