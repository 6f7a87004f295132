import { defineConfig } from "@playwright/test";

const port = process.env.CAIRN_TEST_PORT ?? "3100";
const ollamaPort = process.env.CAIRN_TEST_OLLAMA_PORT ?? "11555";
const baseURL = `http://localhost:${port}`;

// Refuse to run against anything but the scratch database `npm test` creates.
if (process.env.CAIRN_SCRATCH_DB !== "1") {
  throw new Error("Run the end-to-end tests through `npm test` (it creates a scratch database).");
}

export default defineConfig({
  testDir: "./e2e",
  projects: [
    { name: "setup", testMatch: /setup\.spec\.ts$/ },
    { name: "api", testMatch: /api\/.*\.spec\.ts$/, dependencies: ["setup"] },
    { name: "browser", testMatch: /browser\/.*\.spec\.ts$/, dependencies: ["setup"] },
  ],
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: `node e2e/ollama-server/cli.mjs --port ${ollamaPort}`,
      url: `http://127.0.0.1:${ollamaPort}/api/version`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${port}`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
