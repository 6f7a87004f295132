// Runs once when the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddressTag } = await import("./lib/http/client-address");
    installPeerAddressTag();
    // The lock file beside the database, the endpoint watch and the backup schedule: a running
    // server's, not `next build`'s.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { holdServerLock } = await import("./lib/server-lock");
      holdServerLock();
      const { startOps } = await import("./lib/ops/start");
      startOps();
    }
  }
}
