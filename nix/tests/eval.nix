# Evaluates nix/module.nix through nixpkgs' module system (lib.evalModules, from the vendored
# nixpkgs lib/) with small stand-ins for the NixOS options it sets, and returns what the
# module made of a few configurations, as JSON for nix/tests/eval.test.ts to check:
#   nix-instantiate --eval --strict --json --store dummy:// nix/tests/eval.nix
let
  lib = import ../vendor/nixpkgs-lib/lib;
  inherit (lib) mkOption types;

  # The NixOS options the module writes to, declared loosely: the real ones live in nixpkgs'
  # nixos/ tree, which these tests do not have.
  stubs = {
    options = {
      systemd.services = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
      systemd.timers = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
      systemd.tmpfiles.rules = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      services.nginx = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
      networking.firewall.allowedTCPPorts = mkOption {
        type = types.listOf types.port;
        default = [ ];
      };
      users.users = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
      users.groups = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
    };
  };

  # Just what the module takes from pkgs: the package (a derivation-shaped stand-in).
  pkgs = {
    cairn = {
      type = "derivation";
      name = "cairn-0.1.0";
      pname = "cairn";
      version = "0.1.0";
      outPath = "/nix/store/00000000000000000000000000000000-cairn-0.1.0";
      meta = { };
    };
  };

  evalWith =
    cairn:
    (lib.evalModules {
      modules = [
        stubs
        ../module.nix
        { config.services.cairn = cairn; }
      ];
      specialArgs = { inherit pkgs; };
    }).config;

  # tryEval over the whole result: a type error anywhere in it counts as a refusal.
  refused = cairn: !(builtins.tryEval (builtins.deepSeq (evalWith cairn).systemd.services (evalWith cairn).systemd.services)).success;

  pick = c: {
    services = c.systemd.services;
    timers = c.systemd.timers;
    tmpfiles = c.systemd.tmpfiles.rules;
    nginx = c.services.nginx;
    firewall = c.networking.firewall.allowedTCPPorts;
    users = c.users.users;
  };
in
{
  disabled = pick (evalWith { });

  minimal = pick (evalWith { enable = true; });

  full = pick (evalWith {
    enable = true;
    port = 3210;
    dataDir = "/srv/cairn";
    environmentFile = "/run/secrets/cairn.env";
    openFirewall = true;
    memoryMax = "1G";
    settings = {
      OLLAMA_BASE_URL = "http://gpu-box.lan:11434";
      OLLAMA_MODEL = "qwen3:8b";
      CAIRN_OPEN_SIGNUP = true;
    };
    backup = {
      enable = true;
      directory = "/mnt/storage/backups/cairn";
      interval = "*-*-* 03:00:00";
      keep = 14;
    };
    nginx = {
      enable = true;
      hostName = "cairn.lan";
    };
  });

  # nix/package.nix called with a stand-in buildNpmPackage that hands back its arguments: the
  # package's own expression evaluates, and its placeholder hash is the one Nix reports on.
  package =
    let
      args = import ../package.nix {
        inherit lib;
        buildNpmPackage = a: a;
        nodejs_20 = "/nix/store/00000000000000000000000000000000-nodejs-20";
        makeWrapper = "makeWrapper";
        python3 = "python3";
      };
    in
    {
      inherit (args) pname version npmBuildScript npmRebuildFlags;
      npmDepsHashIsPlaceholder = args.npmDepsHash == lib.fakeHash;
      inherit (args) installPhase;
      mainProgram = args.meta.mainProgram;
    };

  refusals = {
    portTooLarge = refused {
      enable = true;
      port = 70000;
    };
    portNotANumber = refused {
      enable = true;
      port = "3000";
    };
    keepZero = refused {
      enable = true;
      backup.keep = 0;
    };
    relativeDataDir = refused {
      enable = true;
      dataDir = "var/lib/cairn";
    };
    # The control: a valid port is accepted, so the refusals above are the checks at work.
    validPort = refused {
      enable = true;
      port = 8080;
    };
  };
}
