"use client";
import type { EndpointStatusDto } from "@/lib/ai/types";
import { sameModelName } from "@/lib/ai/model-names";
import { DeleteModelButton } from "./delete-model-button";
import { EnvBadge } from "./env-badge";
import { formatBytes, formatMs } from "./format";
import { TestButton } from "./test-button";

export function EndpointCard({ endpoint: ep }: { endpoint: EndpointStatusDto }) {
  const { health } = ep;
  return (
    <article data-testid={`ai-endpoint-${ep.id}`} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 className="font-medium">{ep.name}</h3>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {ep.kind === "ollama" ? "Ollama" : "OpenAI-compatible"}
        </span>
        {ep.fromEnvironment && <EnvBadge name="OLLAMA_BASE_URL" />}
      </header>
      <p className="mt-0.5 font-mono text-xs break-all text-muted">{ep.url}</p>

      <div data-testid="ai-health" className="mt-3 text-sm" aria-live="polite">
        {health.reachable ? (
          <p className="flex flex-wrap items-center gap-x-2">
            <span aria-hidden className="inline-block h-2 w-2 rounded-full bg-emerald-500" />
            <span className="font-medium text-emerald-700 dark:text-emerald-400">Reachable</span>
            <span className="text-muted">
              {health.version ? `Ollama ${health.version} · ` : ""}
              {formatMs(health.latencyMs)}
            </span>
          </p>
        ) : (
          <div>
            <p className="flex items-center gap-2">
              <span aria-hidden className="inline-block h-2 w-2 rounded-full bg-red-500" />
              <span className="font-medium text-red-700 dark:text-red-400">Unreachable</span>
            </p>
            {health.error && <p className="mt-1 text-xs break-words text-zinc-600 dark:text-zinc-400">{health.error}</p>}
          </div>
        )}
      </div>

      {ep.detailsHidden ? (
        <p className="mt-3 text-xs text-muted">The instance admin sees this endpoint&apos;s version, models and errors.</p>
      ) : (
        <div className="mt-4 grid gap-4 lg:grid-cols-[3fr_2fr]">
          <section aria-label={`Installed models on ${ep.name}`}>
            <h4 className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">Installed models</h4>
            <div data-testid="ai-models">
              {!health.reachable ? (
                <p className="text-sm text-muted">Unknown until {ep.name} can be reached.</p>
              ) : ep.modelsError ? (
                <p className="text-sm text-red-600 dark:text-red-400">{ep.modelsError}</p>
              ) : ep.models.length === 0 ? (
                <p className="text-sm text-muted">No models installed yet. {ep.kind === "ollama" ? "Pull one below." : ""}</p>
              ) : (
                <ul className="max-h-[28rem] divide-y divide-zinc-100 overflow-y-auto pr-1 text-sm dark:divide-zinc-800">
                  {ep.models.map((m) => {
                    const loaded = ep.loaded.some((l) => sameModelName(ep.kind, l.name, m.name));
                    return (
                      <li key={m.name} data-model={m.name} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2">
                        <div className="min-w-0 flex-1">
                          <p className="font-mono text-xs break-all">
                            {m.name}
                            {loaded && (
                              <span className="ml-2 rounded bg-sky-100 px-1 font-sans text-[10px] text-sky-800 uppercase dark:bg-sky-900/50 dark:text-sky-200">
                                loaded
                              </span>
                            )}
                          </p>
                          <p className="text-xs text-muted">
                            {[formatBytes(m.sizeBytes), m.parameterSize, m.quantization].filter((x) => x && x !== "—").join(" · ") ||
                              "size unknown"}
                          </p>
                          {m.facts && (
                            <p className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-muted" data-testid="model-facts">
                              {m.facts.contextLength && <span>context {m.facts.contextLength.toLocaleString("en-US")} tokens</span>}
                              {m.facts.capabilities.map((c) => (
                                <span
                                  key={c}
                                  className="rounded bg-zinc-100 px-1 text-[10px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                                >
                                  {c}
                                </span>
                              ))}
                              {Object.entries(m.facts.parameters)
                                .filter(([k]) => k !== "stop")
                                .map(([k, v]) => (
                                  <span key={k} className="font-mono text-[10px]">
                                    {k} {Array.isArray(v) ? v.join(", ") : v}
                                  </span>
                                ))}
                            </p>
                          )}
                        </div>
                        <div className="flex items-start gap-1">
                          <TestButton input={{ endpointId: ep.id, model: m.name }} label={`Test ${m.name}`} />
                          {ep.kind === "ollama" && <DeleteModelButton endpointId={ep.id} endpointName={ep.name} model={m.name} />}
                        </div>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </section>
          {ep.kind === "ollama" && (
            <section aria-label={`Models loaded in memory on ${ep.name}`}>
              <h4 className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">Loaded in memory</h4>
              {ep.loaded.length === 0 ? (
                <p className="text-sm text-muted">{health.reachable ? "None right now; the first request loads a model." : "—"}</p>
              ) : (
                <ul data-testid="ai-loaded" className="space-y-1 text-sm">
                  {ep.loaded.map((m) => (
                    <li key={m.name}>
                      <span className="font-mono text-xs break-all">{m.name}</span>
                      <span className="block text-xs text-muted">
                        {formatBytes(m.sizeBytes)}
                        {m.vramBytes ? `, ${formatBytes(m.vramBytes)} on the GPU` : ", on the CPU"}
                        {m.contextLength ? ` · context ${m.contextLength.toLocaleString()}` : ""}
                        {untilText(m.expiresAt)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </div>
      )}
    </article>
  );
}

function untilText(expiresAt: string | null): string {
  if (!expiresAt) return "";
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return "";
  // Ollama reports a date centuries ahead for models kept loaded forever.
  if (t - Date.now() > 365 * 86400_000) return " · kept loaded";
  const minutes = Math.max(0, Math.round((t - Date.now()) / 60_000));
  return ` · unloads in ${minutes} min`;
}
