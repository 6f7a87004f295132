// The NixOS module, evaluated for real: nix-instantiate runs nix/tests/eval.nix, which puts
// nix/module.nix through nixpkgs' module system (vendored lib/), and this checks the result.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = import.meta.dirname;
const nixDir = path.resolve(here, "..");
const hasNix = spawnSync("nix-instantiate", ["--version"]).status === 0;
if (!hasNix) console.warn("SKIPPED nix/tests/eval.test.ts: nix-instantiate is not installed (apt-get install nix-bin; CI installs it)");

// No /nix/store, no daemon: a private config and the dummy store (PLATFORM.md, "Nix offline").
const confDir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-nix-"));
fs.writeFileSync(path.join(confDir, "nix.conf"), "build-users-group =\n");
const env = { ...process.env, NIX_CONF_DIR: confDir };
afterAll(() => fs.rmSync(confDir, { recursive: true, force: true }));

function nix(args: string[]) {
  return spawnSync("nix-instantiate", args, { env, encoding: "utf8" });
}

let result: any;
beforeAll(() => {
  if (!hasNix) return;
  result = JSON.parse(
    execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "--store", "dummy://", path.join(here, "eval.nix")], {
      env,
      encoding: "utf8",
    }),
  );
});

describe.skipIf(!hasNix)("NixOS module (nix/module.nix)", () => {
  it("every .nix file parses", () => {
    const files = [
      path.resolve(nixDir, "..", "flake.nix"),
      ...["module.nix", "package.nix", "tests/eval.nix"].map((f) => path.join(nixDir, f)),
    ];
    for (const f of files) {
      const r = nix(["--parse", f]);
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
  });

  it("adds nothing when services.cairn is not enabled", () => {
    expect(result.disabled).toEqual({ services: {}, timers: {}, tmpfiles: [], nginx: {}, firewall: [], users: {} });
  });

  it("with defaults: the package's launcher on 127.0.0.1:3000, state in the systemd StateDirectory /var/lib/cairn", () => {
    const unit = result.minimal.services.cairn;
    expect(unit.serviceConfig.ExecStart).toBe("/nix/store/00000000000000000000000000000000-cairn-0.1.0/bin/cairn");
    expect(unit.wantedBy).toEqual(["multi-user.target"]);
    expect(unit.environment).toMatchObject({
      HOST: "127.0.0.1",
      PORT: "3000",
      CAIRN_DATA_DIR: "/var/lib/cairn",
      CAIRN_BACKUP_DIR: "/var/lib/cairn/backups",
      NODE_ENV: "production",
    });
    expect(unit.environment.CAIRN_TRUST_PROXY).toBeUndefined();
    // No public URL to send browsers to: links follow the address each browser used.
    expect(unit.environment.NEXTAUTH_URL).toBeUndefined();
    expect(unit.serviceConfig).toMatchObject({ StateDirectory: "cairn", StateDirectoryMode: "0700", ReadWritePaths: [] });
    expect(unit.serviceConfig.EnvironmentFile).toBeUndefined();
    expect(unit.serviceConfig.MemoryMax).toBeUndefined();
    expect(result.minimal.users.cairn).toMatchObject({ isSystemUser: true, group: "cairn" });
    expect(result.minimal.firewall).toEqual([]);
    expect(result.minimal.timers).toEqual({});
    expect(Object.keys(result.minimal.services)).toEqual(["cairn"]);
    expect(result.minimal.nginx).toEqual({});
  });

  it("hardens the service the way nixpkgs' web-app modules do", () => {
    for (const unit of [result.minimal.services.cairn, result.full.services.cairn, result.full.services["cairn-backup"]]) {
      expect(unit.serviceConfig).toMatchObject({
        User: "cairn",
        Group: "cairn",
        ProtectSystem: "strict",
        ProtectHome: true,
        PrivateTmp: true,
        NoNewPrivileges: true,
        UMask: "0077",
        CapabilityBoundingSet: "",
      });
      // V8 compiles code at run time: W^X would kill node.
      expect(unit.serviceConfig.MemoryDenyWriteExecute).toBeUndefined();
    }
  });

  it("every option reaches the unit: port, data dir, secrets file, settings, memory limit, firewall", () => {
    const unit = result.full.services.cairn;
    expect(unit.environment).toMatchObject({
      PORT: "3210",
      CAIRN_DATA_DIR: "/srv/cairn",
      CAIRN_BACKUP_DIR: "/mnt/storage/backups/cairn",
      CAIRN_BACKUP_KEEP: "14",
      OLLAMA_BASE_URL: "http://gpu-box.lan:11434",
      OLLAMA_MODEL: "qwen3:8b",
      CAIRN_OPEN_SIGNUP: "1",
      NEXTAUTH_URL: "http://cairn.lan",
    });
    expect(unit.serviceConfig).toMatchObject({
      EnvironmentFile: "/run/secrets/cairn.env",
      MemoryMax: "1G",
      WorkingDirectory: "/srv/cairn",
      ReadWritePaths: ["/srv/cairn", "/mnt/storage/backups/cairn"],
    });
    expect(unit.serviceConfig.StateDirectory).toBeUndefined();
    expect(result.full.tmpfiles).toEqual(["d /srv/cairn 0700 cairn cairn - -", "d /mnt/storage/backups/cairn 0700 cairn cairn - -"]);
    expect(result.full.firewall).toEqual([3210]);
  });

  it("backup.enable adds a timer and a oneshot service that runs the package's backup command", () => {
    expect(result.full.timers["cairn-backup"]).toMatchObject({
      wantedBy: ["timers.target"],
      timerConfig: { OnCalendar: "*-*-* 03:00:00", Persistent: true },
    });
    const backup = result.full.services["cairn-backup"];
    expect(backup.serviceConfig.Type).toBe("oneshot");
    expect(backup.serviceConfig.ExecStart).toBe("/nix/store/00000000000000000000000000000000-cairn-0.1.0/bin/cairn-backup");
    expect(backup.environment).toEqual(result.full.services.cairn.environment);
    // The timer is the schedule: the app does not take backups of its own between its runs.
    expect(result.full.services.cairn.environment.CAIRN_BACKUP_INTERVAL_HOURS).toBe("0");
    expect(result.minimal.services.cairn.environment.CAIRN_BACKUP_INTERVAL_HOURS).toBeUndefined();
  });

  it("nginx.enable adds a virtual host that upgrades websockets, streams SSE unbuffered, takes large imports, passes X-Forwarded-*", () => {
    expect(result.full.services.cairn.environment.CAIRN_TRUST_PROXY).toBe("1");
    const nginx = result.full.nginx;
    expect(nginx.enable).toBe(true);
    const vhost = nginx.virtualHosts["cairn.lan"];
    expect(vhost.extraConfig).toMatch(/client_max_body_size 2[0-9]m;/);
    const root = vhost.locations["/"];
    expect(root).toMatchObject({ proxyPass: "http://127.0.0.1:3210", proxyWebsockets: true });
    const sseKey = Object.keys(vhost.locations).find((k) => k.startsWith("~ "));
    expect(sseKey).toBeDefined();
    const sse = vhost.locations[sseKey!];
    expect(sse.proxyPass).toBe("http://127.0.0.1:3210");
    expect(sse.extraConfig).toContain("proxy_buffering off;");
    // The regex covers every route that answers with text/event-stream, and not the others.
    const re = new RegExp(sseKey!.slice(2));
    for (const p of ["/api/v1/projects/p1/live", "/api/v1/projects/p1/ai/parse-prd", "/api/v1/projects/p1/chat", "/api/v1/ai/pull"]) {
      expect(p, p).toMatch(re);
    }
    for (const p of ["/api/v1/projects/p1/tasks", "/api/v1/import/taskmaster", "/api/health"]) expect(p).not.toMatch(re);
    // X-Forwarded-*, Host and X-Real-IP come from nixpkgs' recommended proxy headers, on both.
    for (const loc of [root, sse]) {
      expect(loc.recommendedProxySettings).toBe(true);
      expect(loc.extraConfig ?? "").not.toMatch(/proxy_set_header (Host|X-Forwarded)/);
    }
  });

  it("nix/package.nix evaluates: npm run build, the four commands, and a placeholder hash Nix names on the first build", () => {
    const version = JSON.parse(fs.readFileSync(path.resolve(nixDir, "..", "package.json"), "utf8")).version;
    expect(result.package).toMatchObject({ pname: "cairn", version, npmBuildScript: "build", mainProgram: "cairn" });
    // Not computable offline (it hashes every npm tarball the lockfile names): replaced before
    // the first build with `prefetch-npm-deps package-lock.json` (README, "Run it on NixOS").
    expect(result.package.npmDepsHashIsPlaceholder).toBe(true);
    for (const [bin, script] of [
      ["cairn", "serve"],
      ["cairn-migrate", "migrate"],
      ["cairn-backup", "backup"],
      ["cairn-restore", "restore"],
    ])
      expect(result.package.installPhase).toContain(`$out/bin/${bin} --add-flags $out/lib/cairn/scripts/${script}.mjs`);
  });

  it("refuses a bad port, a zero keep count and a relative data dir, and accepts a good port", () => {
    expect(result.refusals).toEqual({ portTooLarge: true, portNotANumber: true, keepZero: true, relativeDataDir: true, validPort: false });
    // And the refusal names the option, as nixos-rebuild would show it.
    const expr = `let lib = import ${path.join(nixDir, "vendor/nixpkgs-lib/lib")}; in (lib.evalModules { modules = [ { options.systemd.services = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = {}; }; options.systemd.timers = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = {}; }; options.systemd.tmpfiles.rules = lib.mkOption { type = lib.types.listOf lib.types.str; default = []; }; options.services.nginx = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = {}; }; options.networking.firewall.allowedTCPPorts = lib.mkOption { type = lib.types.listOf lib.types.port; default = []; }; options.users = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = {}; }; } ${path.join(nixDir, "module.nix")} { services.cairn = { enable = true; port = 70000; }; } ]; specialArgs.pkgs.cairn = { type = "derivation"; outPath = "/x"; name = "cairn"; }; }).config.systemd.services.cairn.environment.PORT`;
    const r = nix(["--eval", "--strict", "--store", "dummy://", "-E", expr]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("services.cairn.port");
    expect(r.stderr).toMatch(/16 bit unsigned integer/);
  });
});
