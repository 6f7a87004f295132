// What the AI settings page shows at a glance: is each endpoint up, what does it hold, and can
// the configured models actually answer — with one plain sentence on how to fix it when not.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import type { AiEndpoint, AiRole } from "@/lib/validation/ai";
import { chainFor } from "./fallback-policy";
import { modelFacts } from "./model-facts";
import { sameModelName } from "./model-names";
import { checkEndpoint, listLoadedModels, listModels } from "./ollama-admin";
import type { AiStatusDto, EndpointHealth, EndpointStatusDto, InstalledModel, RoleStatus } from "./types";
import { providerBaseUrl } from "./providers";
import { readAiSettings } from "./settings";

const OPENAI_TIMEOUT_MS = 3000;

const openAiModels = z.object({ data: z.array(z.object({ id: z.string() })) });

/** OpenAI-compatible servers have no /api/version; their model list doubles as the health check. */
async function probeOpenAi(endpoint: AiEndpoint): Promise<{ health: EndpointHealth; models: InstalledModel[] }> {
  const url = `${providerBaseUrl(endpoint)}/models`;
  const started = performance.now();
  const down = (error: string, latencyMs: number | null = null) => ({
    health: { url: endpoint.url, reachable: false, version: null, latencyMs, error },
    models: [],
  });
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(OPENAI_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return down(timedOut ? `${endpoint.url} did not answer within ${OPENAI_TIMEOUT_MS / 1000} s` : `Could not reach ${endpoint.url}.`);
  }
  const latencyMs = Math.round(performance.now() - started);
  if (!res.ok) return down(`${endpoint.url} answered with HTTP ${res.status} to ${url}`, latencyMs);
  const parsed = openAiModels.safeParse(await res.json().catch(() => null));
  if (!parsed.success)
    return down(`${endpoint.url} answered, but not with an OpenAI-style model list. Is this the right address?`, latencyMs);
  return {
    health: { url: endpoint.url, reachable: true, version: null, latencyMs, error: null },
    models: parsed.data.data.map((m) => ({
      name: m.id,
      sizeBytes: 0,
      family: null,
      parameterSize: null,
      quantization: null,
      modifiedAt: null,
    })),
  };
}

/** Is the endpoint up? The same check the settings page makes (Ollama's /api/version, an OpenAI-style model list). */
export async function checkEndpointHealth(endpoint: AiEndpoint): Promise<EndpointHealth> {
  return endpoint.kind === "openai" ? (await probeOpenAi(endpoint)).health : checkEndpoint(endpoint.url);
}

const failureText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function endpointStatus(endpoint: AiEndpoint, fromEnvironment: boolean): Promise<EndpointStatusDto> {
  const base = { id: endpoint.id, name: endpoint.name, kind: endpoint.kind, url: endpoint.url, fromEnvironment };
  if (endpoint.kind === "openai") {
    const { health, models } = await probeOpenAi(endpoint);
    return { ...base, health, models, loaded: [], modelsError: null, detailsHidden: false };
  }
  // Health first: a dead endpoint would otherwise hold the page for the longer list time-out too.
  const health = await checkEndpoint(endpoint.url);
  if (!health.reachable) return { ...base, health, models: [], loaded: [], modelsError: null, detailsHidden: false };
  const [models, loaded] = await Promise.allSettled([
    listModels(endpoint.url).then((list) => Promise.all(list.map(async (m) => ({ ...m, facts: await modelFacts(endpoint, m.name) })))),
    listLoadedModels(endpoint.url),
  ]);
  return {
    ...base,
    health,
    models: models.status === "fulfilled" ? models.value : [],
    loaded: loaded.status === "fulfilled" ? loaded.value : [],
    modelsError: models.status === "rejected" ? failureText(models.reason) : null,
    detailsHidden: false,
  };
}

/** An endpoint as a non-admin sees it: its name and whether it is up, nothing the fetch returned. */
function withoutDetails(ep: EndpointStatusDto): EndpointStatusDto {
  return {
    ...ep,
    health: { url: ep.health.url, reachable: ep.health.reachable, version: null, latencyMs: null, error: null },
    models: [],
    loaded: [],
    modelsError: null,
    detailsHidden: true,
  };
}

function roleStatus(links: { endpointId: string; model: string; fromFallback: boolean }[], endpoints: EndpointStatusDto[]): RoleStatus {
  const chain = links.map((l) => {
    const ep = endpoints.find((e) => e.id === l.endpointId);
    const reachable = !!ep?.health.reachable;
    return {
      ...l,
      endpointName: ep?.name ?? l.endpointId,
      reachable,
      installed: reachable && !!ep?.models.some((m) => sameModelName(ep.kind, m.name, l.model)),
    };
  });
  return { chain, firstUsable: chain.find((l) => l.installed) ?? null };
}

function describeEndpoint(ep: EndpointStatusDto): string {
  return ep.kind === "ollama" && ep.name.toLowerCase().includes("ollama") ? `Ollama at ${ep.url}` : `${ep.name} at ${ep.url}`;
}

/** Why a role has nothing usable, as the one sentence a person needs to act on. */
/** What keeps a role from answering, how to fix it, and the endpoints that sentence already names. */
function diagnose(
  role: "main" | "fast",
  status: RoleStatus,
  endpoints: EndpointStatusDto[],
): { problem: string; fix: string; names?: string[] } {
  if (status.chain.length === 0) return { problem: `No ${role} model is configured.`, fix: "Choose one below." };
  const used = [...new Set(status.chain.map((l) => l.endpointId))].flatMap((id) => endpoints.filter((e) => e.id === id));
  const reachable = used.filter((e) => e.health.reachable);
  if (reachable.length === 0) {
    if (used.length === 0)
      return { problem: "The configured models point at endpoints that no longer exist.", fix: "Choose the models again below." };
    const allOllama = used.every((e) => e.kind === "ollama");
    const start = allOllama ? "Start it with `ollama serve`" : "Start the server";
    const names = used.map((e) => e.id);
    if (used.length === 1)
      return { problem: `Cairn cannot reach ${describeEndpoint(used[0]!)}.`, fix: `${start}, or change the endpoint below.`, names };
    return {
      problem: `Cairn cannot reach any of its AI endpoints (${used.map(describeEndpoint).join("; ")}).`,
      fix: `${allOllama ? "Start Ollama on one of them with `ollama serve`" : "Start one of them"}, or change the endpoints below.`,
      names,
    };
  }
  const link = status.chain.find((l) => l.reachable)!;
  const ep = endpoints.find((e) => e.id === link.endpointId)!;
  if (ep.modelsError) return { problem: `Cairn reached ${ep.name} but could not list its models.`, fix: ep.modelsError, names: [ep.id] };
  const subject = role === "main" ? link.model : `The fast model ${link.model}`;
  return {
    problem: `${subject} is not installed on ${ep.name}.`,
    fix: ep.kind === "ollama" ? "Pull it below." : `Load it on ${ep.name}, or choose another model below.`,
  };
}

export async function getAiStatus(actor: Actor): Promise<AiStatusDto> {
  requireScope(actor, "read");
  const settings = await readAiSettings();
  const envEndpoint = settings.fromEnvironment.includes("OLLAMA_BASE_URL")
    ? settings.endpoints.find((e) => e.kind === "ollama")?.id
    : undefined;
  const endpoints = await Promise.all(settings.endpoints.map((e) => endpointStatus(e, e.id === envEndpoint)));
  const own = (role: AiRole) => new Set(settings.roles[role].map((l) => `${l.endpointId}\u0000${l.model}`));
  const jobChain = (role: "main" | "fast" | "complex") => {
    const mine = own(role);
    return chainFor(settings, role).map((l) => ({
      endpointId: l.endpoint.id,
      model: l.model,
      fromFallback: !mine.has(`${l.endpoint.id}\u0000${l.model}`),
    }));
  };
  const roles: Record<AiRole, RoleStatus> = {
    main: roleStatus(jobChain("main"), endpoints),
    fast: roleStatus(jobChain("fast"), endpoints),
    // Without models of its own the complex role is not used (its jobs keep their usual role).
    complex: roleStatus(settings.roles.complex.length ? jobChain("complex") : [], endpoints),
    fallback: roleStatus(
      settings.roles.fallback.map((l) => ({ ...l, fromFallback: true })),
      endpoints,
    ),
  };

  const isAdmin = actor.isAdmin;
  const failing = (["main", "fast"] as const).find((r) => !roles[r].firstUsable);
  const diagnosis = failing ? diagnose(failing, roles[failing], endpoints) : null;
  // An endpoint the problem already names is not warned about again: one sentence, said once.
  const named = new Set(diagnosis?.names ?? []);
  const warnings: string[] = [];
  for (const ep of endpoints) {
    if (named.has(ep.id)) continue;
    if (!ep.health.reachable)
      warnings.push(isAdmin ? `${ep.name} is unreachable: ${ep.health.error ?? "no answer"}` : `${ep.name} is unreachable.`);
    else if (ep.modelsError) warnings.push(isAdmin ? `${ep.name}: ${ep.modelsError}` : `${ep.name} did not list its models.`);
  }
  const warned = new Set<string>();
  for (const role of ["main", "fast"] as const) {
    const first = roles[role].chain[0];
    const usable = roles[role].firstUsable;
    // Fast defaults to the main list; one warning about the same model is enough.
    if (first && usable && usable !== first && !warned.has(`${first.endpointId}\u0000${first.model}`)) {
      warned.add(`${first.endpointId}\u0000${first.model}`);
      warnings.push(
        `The ${role} model ${first.model} cannot answer right now; ${role} jobs will use ${usable.model} on ${usable.endpointName}.`,
      );
    }
  }

  return {
    ready: !failing,
    problem: diagnosis?.problem ?? null,
    // The fix may quote the endpoint's own answer; others are told who can act on it.
    fix: diagnosis ? (isAdmin ? diagnosis.fix : "Ask the instance admin to fix it in Settings → AI.") : null,
    warnings,
    endpoints: isAdmin ? endpoints : endpoints.map(withoutDetails),
    roles,
    checkedAt: new Date().toISOString(),
  };
}
