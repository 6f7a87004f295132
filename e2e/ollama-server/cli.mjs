#!/usr/bin/env node
// @ts-check
// Standalone entry point, e.g. for Playwright's webServer:
//   node e2e/ollama-server/cli.mjs --port 11555 [--host 127.0.0.1] [--token-delay-ms 10] [--pull-delay-ms 25]
import { parseArgs } from "node:util";
import { startOllamaServer } from "./server.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.OLLAMA_TEST_PORT ?? "11555" },
    host: { type: "string", default: "127.0.0.1" },
    "token-delay-ms": { type: "string" },
    "pull-delay-ms": { type: "string" },
  },
  strict: true,
});

/** @param {string | undefined} value @param {string} flag */
function toNumber(value, flag) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${flag} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const port = toNumber(values.port, "--port") ?? 11555;
/** @type {Record<string, number>} */
const config = {};
const tokenDelayMs = toNumber(values["token-delay-ms"], "--token-delay-ms");
const pullDelayMs = toNumber(values["pull-delay-ms"], "--pull-delay-ms");
if (tokenDelayMs !== undefined) config.tokenDelayMs = tokenDelayMs;
if (pullDelayMs !== undefined) config.pullDelayMs = pullDelayMs;

const server = await startOllamaServer({ port, host: values.host, config }).catch((error) => {
  console.error(`ollama-protocol test server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
// Playwright's webServer and the test harness wait for exactly this line.
console.log(`ollama-protocol test server listening on ${server.url}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
