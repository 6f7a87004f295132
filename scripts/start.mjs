#!/usr/bin/env node
// npm start: install what is missing, create and migrate the database, build when the sources
// changed, then serve on PORT (default 3000).
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureDependencies, log, prepare, refuseIfRunning, resolveDatabaseUrl, root } from "./env.mjs";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const databaseUrl = resolveDatabaseUrl();
ensureDependencies();
await refuseIfRunning(databaseUrl, port);
const env = await prepare({
  databaseUrl,
  build: !dev,
  extraEnv: { NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, PORT: port },
});
log(`database: ${databaseUrl.replace(/^file:/, "")}`);
log(`serving on http://localhost:${port}`);
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
