import path from "node:path";
import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, REFERENCE_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm run build` also makes a self-contained server (.next/standalone, see scripts/build.mjs)
  // that runs from a read-only install without the sources or dev dependencies.
  output: "standalone",
  outputFileTracingRoot: path.resolve("."),
  // Nothing is read from the sources at run time; the data folder is never part of a package.
  outputFileTracingExcludes: {
    "*": [
      "./app/**",
      "./components/**",
      "./lib/**",
      "./e2e/**",
      "./nix/**",
      "./deploy/**",
      "./scripts/**",
      "./data/**",
      "./*.md",
      "./.git/**",
    ],
  },
  typedRoutes: false,
  // Type errors are caught by `npm test` (tsc) before the build; skipping here halves build time.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      // Later entries win for the same header: the reference page may style itself.
      { source: "/api/v1/reference", headers: [{ key: "Content-Security-Policy", value: REFERENCE_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
