// Ollama's keep_alive: how long a model stays in memory after a request. Cairn keeps one per
// role (Settings → AI) and sends it on every request that role makes. Pure: the settings page
// shows the same words.
import type { AiRole, ModelLink } from "@/lib/validation/ai";

/**
 * The value as Ollama reads it: a duration stays a string ("30m"), a bare number of seconds,
 * "0" and "-1" become numbers — Go's duration parser refuses a unitless "-1".
 */
export function keepAliveWire(value: string | null | undefined): string | number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/**
 * The keep_alive a link of a role's chain is sent with: the role's own for its own models, the
 * fallback chain's for a fallback (a rarely used fallback need not stay in memory as long as the
 * main model does). Undefined: Ollama's default (5 minutes).
 */
export function keepAliveFor(
  settings: { roles: Partial<Record<AiRole, ModelLink[]>>; keepAlive: Partial<Record<AiRole, string>> },
  role: AiRole,
  link: { endpoint: { id: string }; model: string },
): string | undefined {
  const own = (settings.roles[role] ?? []).some((l) => l.endpointId === link.endpoint.id && l.model === link.model);
  return own || role === "fallback" ? settings.keepAlive[role] : settings.keepAlive.fallback;
}

/** "30m" → "30 minutes", "-1" → "kept loaded", "0" → "unloaded after each request"; undefined → Ollama's default. */
export function describeKeepAlive(value: string | undefined): string {
  const v = value?.trim();
  if (!v) return "Ollama's default (5 minutes)";
  if (v.startsWith("-")) return "kept loaded";
  if (/^0+(\.0+)?(ms|s|m|h)?$/.test(v)) return "unloaded after each request";
  if (/^\d+$/.test(v)) return `${v} seconds`;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v);
  if (!m) return v;
  const unit = { ms: "millisecond", s: "second", m: "minute", h: "hour" }[m[2] as "ms" | "s" | "m" | "h"];
  return `${m[1]} ${unit}${m[1] === "1" ? "" : "s"}`;
}
