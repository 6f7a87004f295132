// Debian's nginx, run as a private instance with the documented configuration
// (deploy/nginx/cairn.conf) in front of a test server: only the listen address, the server name
// and the upstream port are changed, everything else is the file users copy.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const NGINX_EXAMPLE = path.resolve(__dirname, "..", "..", "deploy", "nginx", "cairn.conf");
export const NGINX_TWO_INSTANCES = path.resolve(__dirname, "..", "..", "deploy", "nginx", "cairn-two-instances.conf");

/** The nginx binary, or null when it is not installed. */
export function nginxBinary(): string | null {
  for (const p of [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/bin/nginx"]) {
    if (p && fs.existsSync(p)) return p;
  }
  const r = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/**
 * deploy/nginx/cairn.conf, listening on 127.0.0.1:`listenPort` and proxying to 127.0.0.1:`upstreamPort`;
 * with two upstream ports, deploy/nginx/cairn-two-instances.conf proxying to both.
 */
export function renderExample(listenPort: number, upstreamPort: number | [number, number]): string {
  const file = typeof upstreamPort === "number" ? NGINX_EXAMPLE : NGINX_TWO_INSTANCES;
  let text = fs.readFileSync(file, "utf8");
  const swap = (from: string | RegExp, to: string, times: number) => {
    const found = text.split(from).length - 1;
    if (found !== times) throw new Error(`${file}: expected ${times} × ${String(from)}, found ${found}`);
    text = text.split(from).join(to);
  };
  swap("listen 80;", `listen 127.0.0.1:${listenPort};`, 1);
  swap("listen [::]:80;", "", 1);
  swap("server_name cairn.example.lan;", "server_name localhost;", 1);
  if (typeof upstreamPort === "number") {
    swap("http://127.0.0.1:3000;", `http://127.0.0.1:${upstreamPort};`, 2);
  } else {
    swap("server 127.0.0.1:3000 ", `server 127.0.0.1:${upstreamPort[0]} `, 1);
    swap("server 127.0.0.1:3001 ", `server 127.0.0.1:${upstreamPort[1]} `, 1);
  }
  return text;
}

export interface Nginx {
  origin: string;
  dir: string;
  /** What nginx logged: one `{ method, uri, status, requestLength, upstream }` per request. */
  requests(): { method: string; uri: string; status: number; requestLength: number; upstream: string }[];
  stop(): Promise<void>;
}

export async function startNginx(bin: string, listenPort: number, upstreamPort: number | [number, number]): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-nginx-"));
  fs.writeFileSync(path.join(dir, "cairn.conf"), renderExample(listenPort, upstreamPort));
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${path.join(dir, t)};`).join("\n  ");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root root;\n" : ""}worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 256; }
http {
  log_format cairn_test '$request_method $uri $status $request_length $upstream_addr';
  access_log ${path.join(dir, "access.log")} cairn_test;
  ${temp}
  include ${path.join(dir, "cairn.conf")};
}
`,
  );
  const args = ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")];
  const check = spawnSync(bin, [...args, "-t"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn(bin, [...args, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  const origin = `http://localhost:${listenPort}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      await fetch(`http://127.0.0.1:${listenPort}/`, { redirect: "manual" });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    origin,
    dir,
    requests: () =>
      fs
        .readFileSync(path.join(dir, "access.log"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          const [method = "", uri = "", status = "0", length = "0", upstream = ""] = line.split(" ");
          return { method, uri, status: Number(status), requestLength: Number(length), upstream };
        }),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
