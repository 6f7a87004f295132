# Cairn as a Nix package: `npm ci && npm run build`, then the standalone server (server.js, its
# traced node_modules, static files, migrations, launch and backup scripts) in
# $out/lib/cairn, with `cairn`, `cairn-backup`, `cairn-restore` and `cairn-migrate` in $out/bin.
# State never lives in the store: every command reads CAIRN_DATA_DIR (the NixOS module sets it).
{
  lib,
  buildNpmPackage,
  nodejs_20,
  makeWrapper,
  python3,
}:

buildNpmPackage {
  pname = "cairn";
  version = (lib.importJSON ../package.json).version;

  src = lib.cleanSourceWith {
    src = ../.;
    filter =
      path: type:
      let
        base = baseNameOf path;
      in
      !(builtins.elem base [
        "node_modules"
        ".next"
        "data"
        "test-results"
        "playwright-report"
        "bench-results"
        "result"
      ]);
  };

  nodejs = nodejs_20;

  # PLACEHOLDER — replace with the hash of the npm dependencies before the first build:
  #   nix run nixpkgs#prefetch-npm-deps -- package-lock.json
  # (or build once: Nix fails and prints the hash it expected under "got:").
  npmDepsHash = lib.fakeHash;

  # better-sqlite3 compiles from source with node-gyp.
  nativeBuildInputs = [
    makeWrapper
    python3
  ];

  # Only better-sqlite3 needs its install script; Prisma's would try to download engines
  # (Cairn uses Prisma's JavaScript engine and needs none).
  npmRebuildFlags = [ "--ignore-scripts" ];
  preBuild = ''
    npm rebuild better-sqlite3 --foreground-scripts
  '';

  env = {
    NEXT_TELEMETRY_DISABLED = "1";
    PRISMA_SKIP_POSTINSTALL_GENERATE = "1";
  };

  # `npm run build` = prisma generate + next build + the package in .next/standalone.
  npmBuildScript = "build";

  installPhase = ''
    runHook preInstall
    mkdir -p $out/lib/cairn $out/bin
    cp -r .next/standalone/. $out/lib/cairn/
    # Each command's script must be in the package: a missing one fails the build here rather
    # than the backup timer later.
    for f in serve migrate backup restore; do
      test -f $out/lib/cairn/scripts/$f.mjs
    done
    makeWrapper ${nodejs_20}/bin/node $out/bin/cairn --add-flags $out/lib/cairn/scripts/serve.mjs
    makeWrapper ${nodejs_20}/bin/node $out/bin/cairn-migrate --add-flags $out/lib/cairn/scripts/migrate.mjs
    makeWrapper ${nodejs_20}/bin/node $out/bin/cairn-backup --add-flags $out/lib/cairn/scripts/backup.mjs
    makeWrapper ${nodejs_20}/bin/node $out/bin/cairn-restore --add-flags $out/lib/cairn/scripts/restore.mjs
    runHook postInstall
  '';

  meta = {
    description = "Self-hosted AI project planner on your own Ollama server";
    mainProgram = "cairn";
    platforms = lib.platforms.linux;
  };
}
