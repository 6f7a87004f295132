// Runs once when the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddressTag } = await import("./lib/http/client-address");
    installPeerAddressTag();
    const { holdServerLock } = await import("./lib/server-lock");
    holdServerLock();
    // The endpoint watch and the backup schedule (not during `next build`).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { startOps } = await import("./lib/ops/start");
      startOps();
    }
  }
}
