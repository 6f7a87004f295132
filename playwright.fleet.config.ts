import { defineConfig } from "@playwright/test";

// Two Cairn instances on one PostgreSQL, started by scripts/fleet/run.ts (the "fleet" step of
// `npm test`), which passes their addresses and the seeded account here.
if (process.env.CAIRN_FLEET !== "1" || !process.env.CAIRN_FLEET_A || !process.env.CAIRN_FLEET_B) {
  throw new Error("Run the multi-instance specs through `npm test -- fleet` (it starts PostgreSQL and both instances).");
}

export default defineConfig({
  testDir: "./e2e/fleet",
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: process.env.CAIRN_FLEET_A,
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
});
