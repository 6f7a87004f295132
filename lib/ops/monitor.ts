// The app's own watch over its AI endpoints: a periodic check (CAIRN_HEALTH_INTERVAL_MS, default
// a minute) with the same health check Settings → AI uses. Each change is an alert; the latest
// answers feed /api/health and the metrics.
import "server-only";
import { checkEndpointHealth } from "@/lib/ai/endpoint-status";
import { readAiSettings } from "@/lib/ai/settings";
import { recordState } from "./alerts";

export type EndpointState = "up" | "down" | "unknown";

export interface EndpointObservation {
  id: string;
  name: string;
  status: EndpointState;
  checkedAt: string | null;
}

// On globalThis: the instrumentation hook checks, route handlers read.
const g = globalThis as unknown as { cairnEndpointStates?: Map<string, { status: "up" | "down"; checkedAt: string }> };
const seen = () => (g.cairnEndpointStates ??= new Map());

export function healthIntervalMs(): number {
  const n = Number(process.env.CAIRN_HEALTH_INTERVAL_MS);
  return Number.isFinite(n) && n >= 100 ? n : 60_000;
}

/** Checks every configured endpoint once and records each change as an alert. */
export async function checkEndpointsOnce(): Promise<EndpointObservation[]> {
  const { endpoints } = await readAiSettings();
  return Promise.all(
    endpoints.map(async (ep) => {
      const health = await checkEndpointHealth(ep);
      const status = health.reachable ? "up" : "down";
      const checkedAt = new Date().toISOString();
      seen().set(ep.id, { status, checkedAt });
      await recordState(
        `endpoint:${ep.id}`,
        status === "down"
          ? {
              state: "down",
              title: `AI endpoint ${ep.name} is down`,
              message: `Cairn cannot reach ${ep.name}: ${(health.error ?? "no answer").replace(/\.+$/, "")}. AI features that use it are unavailable until it is back.`,
            }
          : { state: "up", title: `AI endpoint ${ep.name} is back up`, message: `${ep.name} answers again; AI features work as usual.` },
      ).catch((e) => console.error("[cairn] could not record an endpoint's state", e));
      return { id: ep.id, name: ep.name, status, checkedAt } satisfies EndpointObservation;
    }),
  );
}

/** Each configured endpoint with its last observed state ("unknown" before the first check). */
export async function endpointStates(): Promise<EndpointObservation[]> {
  const { endpoints } = await readAiSettings();
  return endpoints.map((ep) => {
    const s = seen().get(ep.id);
    return { id: ep.id, name: ep.name, status: s?.status ?? "unknown", checkedAt: s?.checkedAt ?? null };
  });
}

/** Checks now and then every `intervalMs` (CAIRN_HEALTH_INTERVAL_MS, default a minute); returns a stop function. */
export function startEndpointWatch(intervalMs = healthIntervalMs()): () => void {
  let checking = false;
  const check = async () => {
    // A slow endpoint never stacks checks on top of each other.
    if (checking) return;
    checking = true;
    try {
      await checkEndpointsOnce();
    } catch (e) {
      console.error("[cairn] endpoint check failed", e);
    } finally {
      checking = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
