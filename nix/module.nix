# NixOS module: services.cairn — Cairn, the self-hosted AI project planner.
#
#   services.cairn = {
#     enable = true;
#     environmentFile = "/run/secrets/cairn.env";   # NEXTAUTH_SECRET=…, webhook secrets
#     settings.OLLAMA_BASE_URL = "http://gpu-box.lan:11434";
#     backup = { enable = true; directory = "/mnt/storage/backups/cairn"; };
#     nginx = { enable = true; hostName = "cairn.lan"; };
#   };
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.services.cairn;
  defaultDataDir = cfg.dataDir == "/var/lib/cairn";
  inherit (lib)
    mkEnableOption
    mkIf
    mkMerge
    mkOption
    mkPackageOption
    optional
    optionalAttrs
    types
    ;

  # The request body limit for imports and AI jobs (lib/http/body.ts, BODY_LIMITS.large: 20 MB),
  # plus room for the request itself, so the app's own 413 (naming its limit) reaches the client.
  maxBodySize = "21m";

  # The routes that answer with server-sent events: the board's live updates and the AI streams
  # (jobs, chat, model pulls). The app sends `X-Accel-Buffering: no` on them as well.
  ssePaths = "^/api/v1/(projects/[^/]+/(live|chat|ai/[^/]+)|ai/pull)$";

  toEnvValue =
    v:
    if builtins.isBool v then
      (if v then "1" else "0")
    else
      toString v;

  # The one address people reach Cairn at, when there is one: the nginx virtual host's own name.
  # Otherwise NEXTAUTH_URL stays unset, and sign-in, sign-out and links follow the address each
  # browser used (a LAN address, a hostname), never a localhost that is dead on other machines.
  publicUrl = if cfg.nginx.enable && cfg.nginx.hostName != "localhost" then "http://${cfg.nginx.hostName}" else null;

  environment =
    {
      NODE_ENV = "production";
      NEXT_TELEMETRY_DISABLED = "1";
      HOST = cfg.host;
      PORT = toString cfg.port;
      CAIRN_DATA_DIR = cfg.dataDir;
      CAIRN_BACKUP_DIR = cfg.backup.directory;
      CAIRN_BACKUP_KEEP = toString cfg.backup.keep;
    }
    # With the timer on, it is the schedule: the app's own (every 24 h by default) would add
    # backups between the timer's, and `keep` would then cover fewer days than it says.
    // optionalAttrs cfg.backup.enable { CAIRN_BACKUP_INTERVAL_HOURS = "0"; }
    // optionalAttrs cfg.nginx.enable { CAIRN_TRUST_PROXY = "1"; }
    // optionalAttrs (publicUrl != null) { NEXTAUTH_URL = publicUrl; }
    // lib.mapAttrs (_: toEnvValue) cfg.settings;

  # What nixpkgs' hardened web-app services set (see e.g. nixos/modules/services/web-apps).
  hardening = {
    User = "cairn";
    Group = "cairn";
    UMask = "0077";
    WorkingDirectory = cfg.dataDir;
    # StateDirectory is writable by itself; other places must be named (ProtectSystem=strict).
    ReadWritePaths =
      optional (!defaultDataDir) cfg.dataDir
      ++ optional (!lib.hasPrefix "${cfg.dataDir}/" cfg.backup.directory) cfg.backup.directory;
    ProtectSystem = "strict";
    ProtectHome = true;
    PrivateTmp = true;
    PrivateDevices = true;
    NoNewPrivileges = true;
    ProtectKernelTunables = true;
    ProtectKernelModules = true;
    ProtectKernelLogs = true;
    ProtectControlGroups = true;
    ProtectClock = true;
    ProtectHostname = true;
    ProtectProc = "invisible";
    ProcSubset = "pid";
    RestrictAddressFamilies = [
      "AF_INET"
      "AF_INET6"
      "AF_UNIX"
    ];
    RestrictNamespaces = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
    RemoveIPC = true;
    CapabilityBoundingSet = "";
    AmbientCapabilities = "";
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged"
    ];
  }
  # The state directory systemd manages (created 0700, owned by the service user).
  // optionalAttrs defaultDataDir {
    StateDirectory = "cairn";
    StateDirectoryMode = "0700";
  }
  // optionalAttrs (cfg.environmentFile != null) { EnvironmentFile = cfg.environmentFile; }
  // optionalAttrs (cfg.memoryMax != null) { MemoryMax = cfg.memoryMax; };

  upstream = "http://${if cfg.host == "0.0.0.0" then "127.0.0.1" else if cfg.host == "::" then "[::1]" else cfg.host}:${toString cfg.port}";
in
{
  options.services.cairn = {
    enable = mkEnableOption "Cairn, the self-hosted AI project planner";

    package = mkPackageOption pkgs "cairn" { };

    host = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = "Address Cairn listens on. Keep the default behind nginx.";
    };

    port = mkOption {
      type = types.port;
      default = 3000;
      description = "Port Cairn listens on.";
    };

    dataDir = mkOption {
      type = types.path;
      default = "/var/lib/cairn";
      description = ''
        Where Cairn keeps every piece of state: the SQLite database, the generated session
        secret (unless NEXTAUTH_SECRET comes from {option}`environmentFile`) and, by default,
        backups. The default is managed by systemd (`StateDirectory`); another path is created
        owner-only for the `cairn` user.
      '';
    };

    environmentFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/cairn.env";
      description = ''
        File with secrets in systemd's `KEY=value` format, kept out of the Nix store:
        `NEXTAUTH_SECRET`, webhook secrets, `CAIRN_METRICS_TOKEN`.
      '';
    };

    settings = mkOption {
      type = types.attrsOf (
        types.oneOf [
          types.str
          types.int
          types.bool
        ]
      );
      default = { };
      example = {
        OLLAMA_BASE_URL = "http://gpu-box.lan:11434";
        OLLAMA_MODEL = "qwen3:8b";
        OLLAMA_FALLBACK_MODELS = "llama3.2";
        CAIRN_ALLOWED_ORIGINS = "http://192.168.1.20:3000";
      };
      description = ''
        Environment for Cairn (see the README's configuration table): `OLLAMA_BASE_URL`,
        `OLLAMA_MODEL`, `OLLAMA_FALLBACK_MODELS`, `CAIRN_ALLOWED_ORIGINS`, `CAIRN_OPEN_SIGNUP`, …
        Booleans become `1`/`0`. Secrets belong in {option}`environmentFile`, not here (the store
        is world-readable).
      '';
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open {option}`port` in the firewall (not needed behind the nginx virtual host).";
    };

    memoryMax = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "1G";
      description = "systemd `MemoryMax` for the service, or null for no limit.";
    };

    backup = {
      enable = mkEnableOption ''
        a systemd timer that backs the database up (online, consistent snapshots). The timer is
        then the only schedule: the app's own (Settings → Backups) is turned off'';

      directory = mkOption {
        type = types.path;
        default = "${cfg.dataDir}/backups";
        defaultText = lib.literalExpression ''"''${config.services.cairn.dataDir}/backups"'';
        example = "/mnt/storage/backups/cairn";
        description = "Where backups are written (`cairn-YYYYMMDD-HHMMSS.db`); also what Settings → Backups lists.";
      };

      interval = mkOption {
        type = types.str;
        default = "daily";
        example = "*-*-* 03:00:00";
        description = "When the backup timer fires: a systemd calendar expression (`OnCalendar`).";
      };

      keep = mkOption {
        type = types.ints.positive;
        default = 7;
        description = "How many backups to keep; older ones are deleted after a good backup.";
      };
    };

    nginx = {
      enable = mkEnableOption "an nginx virtual host in front of Cairn (sets CAIRN_TRUST_PROXY=1)";

      hostName = mkOption {
        type = types.str;
        default = "localhost";
        example = "cairn.lan";
        description = "The virtual host's name; unless it is `localhost`, Cairn's public URL (`NEXTAUTH_URL`) becomes `http://<hostName>`, unless {option}`settings` sets it (e.g. to https). Without one, links follow the address each browser used.";
      };
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      users.users.cairn = {
        isSystemUser = true;
        group = "cairn";
        home = cfg.dataDir;
        description = "Cairn service user";
      };
      users.groups.cairn = { };

      systemd.tmpfiles.rules =
        optional (!defaultDataDir) "d ${cfg.dataDir} 0700 cairn cairn - -"
        ++ optional (cfg.backup.directory != "${cfg.dataDir}/backups") "d ${cfg.backup.directory} 0700 cairn cairn - -";

      systemd.services.cairn = {
        description = "Cairn, self-hosted AI project planner";
        wantedBy = [ "multi-user.target" ];
        after = [ "network.target" ];
        inherit environment;
        serviceConfig = hardening // {
          Type = "simple";
          # Creates the data folder's content on first start, applies pending migrations, serves.
          ExecStart = "${cfg.package}/bin/cairn";
          Restart = "on-failure";
          RestartSec = "5s";
          TimeoutStopSec = "20s";
        };
      };

      networking.firewall.allowedTCPPorts = optional cfg.openFirewall cfg.port;
    }

    (mkIf cfg.backup.enable {
      systemd.services.cairn-backup = {
        description = "Back up Cairn's database";
        after = [ "cairn.service" ];
        inherit environment;
        serviceConfig = hardening // {
          Type = "oneshot";
          # scripts/backup.mjs: an online snapshot through SQLite's backup API, checked, rotated.
          ExecStart = "${cfg.package}/bin/cairn-backup";
        };
      };
      systemd.timers.cairn-backup = {
        description = "Back up Cairn's database (${cfg.backup.interval})";
        wantedBy = [ "timers.target" ];
        timerConfig = {
          OnCalendar = cfg.backup.interval;
          Persistent = true;
          RandomizedDelaySec = "5m";
        };
      };
    })

    (mkIf cfg.nginx.enable {
      services.nginx = {
        enable = true;
        virtualHosts.${cfg.nginx.hostName} = {
          extraConfig = ''
            client_max_body_size ${maxBodySize};
          '';
          # recommendedProxySettings: Host, X-Real-IP, X-Forwarded-{For,Proto,Host,Server}.
          locations."/" = {
            proxyPass = upstream;
            proxyWebsockets = true;
            recommendedProxySettings = true;
          };
          # Server-sent events must reach the browser as they are written.
          locations."~ ${ssePaths}" = {
            proxyPass = upstream;
            recommendedProxySettings = true;
            extraConfig = ''
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
              proxy_cache off;
              proxy_read_timeout 1h;
            '';
          };
        };
      };
    })
  ]);
}
