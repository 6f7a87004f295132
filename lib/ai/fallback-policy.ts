// The fallback policy, in one place: which (endpoint, model) links a role tries and in what
// order, which of them are skipped while their endpoint cools down, what a failed attempt means
// for its endpoint, and the error when nothing can answer. The structured engine (engine.ts),
// the planning chat (chain-model.ts), the Test button (test-model.ts) and pulls (pull.ts) all
// read their endpoints and links through it.
import { AppError, invalid } from "@/lib/errors";
import type { AiEndpoint, AiRole } from "@/lib/validation/ai";
import type { Failure } from "./attempts";
import { isCoolingDown, markEndpointFailed, markEndpointHealthy } from "./providers";
import type { AiSettingsDto } from "./types";

export interface ChainLink {
  endpoint: AiEndpoint;
  model: string;
}

type SettingsLinks = Pick<AiSettingsDto, "endpoints"> & { roles: Partial<AiSettingsDto["roles"]> };

export const noModelConfigured = (what = "AI") =>
  new AppError("unavailable", `No ${what} model is configured. Choose one in Settings → AI.`);

/**
 * The ordered chain for a role: a job's role tries its own models, then the fallbacks;
 * "fallback" is the fallback chain alone. Links to unknown endpoints and repeats are left out.
 */
export function chainFor(settings: SettingsLinks, role: AiRole): ChainLink[] {
  const seen = new Set<string>();
  const out: ChainLink[] = [];
  const fallback = settings.roles.fallback ?? [];
  const links = role === "fallback" ? fallback : [...(settings.roles[role] ?? []), ...fallback];
  for (const link of links) {
    const endpoint = settings.endpoints.find((e) => e.id === link.endpointId);
    const key = `${link.endpointId}\u0000${link.model}`;
    if (!endpoint || seen.has(key)) continue;
    seen.add(key);
    out.push({ endpoint, model: link.model });
  }
  return out;
}

/** A role's chain, or the error the user can fix when none is configured. */
export function requireChain(settings: SettingsLinks, role: AiRole, what = "AI"): ChainLink[] {
  const chain = chainFor(settings, role);
  if (chain.length === 0) throw noModelConfigured(what);
  return chain;
}

/** The endpoint a request names by id. */
export function endpointById(settings: Pick<AiSettingsDto, "endpoints">, id: string): AiEndpoint {
  const endpoint = settings.endpoints.find((e) => e.id === id);
  if (!endpoint) throw invalid(`endpointId: unknown endpoint "${id}"`);
  return endpoint;
}

/**
 * The links worth trying now, in order: endpoints cooling down after a failure are skipped —
 * unless that would leave nothing to try.
 */
export function linksToTry(chain: ChainLink[], now = Date.now()): ChainLink[] {
  if (chain.length === 0) throw noModelConfigured();
  const warm = chain.filter((l) => !isCoolingDown(l.endpoint, now));
  return warm.length ? warm : chain;
}

/**
 * Whether a failure before the first token cools its endpoint down: a dead, overloaded or silent
 * server (refused connection, HTTP 5xx, time-out). A missing model (404) or a refused request
 * says nothing about the server, so its other models stay in the chain.
 */
export function coolsDown(f: Failure): boolean {
  return f.kind === "unreachable" || f.kind === "timeout" || (f.kind === "http" && f.status !== undefined && f.status >= 500);
}

/** A link failed before its first token: the chain moves on, and the endpoint may cool down. */
export function linkFailed(link: ChainLink, f: Failure, now = Date.now()) {
  if (coolsDown(f)) markEndpointFailed(link.endpoint, now);
}

/** The endpoint answered: it is tried again at once. */
export function endpointAnswered(endpoint: AiEndpoint) {
  markEndpointHealthy(endpoint);
}

/**
 * Every link failed: one error that says why, each link's reason in order. All time-outs is a
 * time-out; an answer that could not be used is a bad gateway; otherwise nothing was reachable.
 */
export function chainFailed(failures: Failure[], afterword = ""): AppError {
  const summary = failures.map((f) => f.message).join(" · ");
  const allTimeouts = failures.length > 0 && failures.every((f) => f.kind === "timeout");
  const anyOutput = failures.some((f) => f.stage === "output");
  const code = allTimeouts ? "timeout" : anyOutput ? "bad_gateway" : "unavailable";
  const lead =
    code === "unavailable"
      ? "No AI model could be reached."
      : code === "timeout"
        ? "The AI models did not answer in time."
        : "The models answered, but not with a usable result.";
  return new AppError(code, `${lead} ${summary}${afterword}`, { attempts: failures });
}
