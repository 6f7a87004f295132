#!/usr/bin/env node
// npm start: install what is missing, create and migrate the database, build when the sources
// changed, then serve on PORT (default 3000).
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { authUrlNote, describeDatabase, ensureDependencies, log, prepare, refuseIfRunning, resolveDatabaseUrl, root } from "./env.mjs";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const databaseUrl = resolveDatabaseUrl();
ensureDependencies();
await refuseIfRunning(databaseUrl, port);
const env = await prepare({
  databaseUrl,
  build: !dev,
  extraEnv: { PORT: port },
});
log(`database: ${describeDatabase(databaseUrl)}`);
// Without NEXTAUTH_URL, sign-in, sign-out and links follow the address each browser used, so
// http://localhost, a LAN address and a hostname all work; with it, every browser is sent there.
const lan = Object.values(os.networkInterfaces())
  .flat()
  .filter((a) => a && a.family === "IPv4" && !a.internal)
  .map((a) => `http://${a?.address}:${port}`);
log(`serving on http://localhost:${port}${lan.length ? ` (and ${lan.join(", ")})` : ""}`);
log(authUrlNote());
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", port], { cwd: root, env, stdio: ["inherit", "pipe", "pipe"] });
// `next start` serves this build as it is; the self-contained copy in .next/standalone is for the
// package (scripts/build.mjs), so Next's advice to run that copy instead is left out of the log.
const STANDALONE_ADVICE = /"next start" does not work with "output: standalone"/;
for (const [from, to] of /** @type {const} */ ([
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
])) {
  createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => {
    if (!STANDALONE_ADVICE.test(line)) to.write(`${line}\n`);
  });
}
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
