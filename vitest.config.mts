import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // Services import "server-only" so the browser bundle can never reach them; Vitest is not
      // Next's react-server environment, so it gets the package's own empty module.
      "server-only": path.join(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "e2e/ollama-server/**/*.test.ts", "e2e/support/**/*.test.ts", "scripts/**/*.test.ts", "nix/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./lib/test/global-setup.ts"],
    setupFiles: ["./lib/test/setup.ts"],
    // One SQLite file per run: files share it, so they run one after another.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
