"use client";
// Settings → AI → Keep models warm: per role, how long Ollama keeps its model in memory after a
// request (sent as keep_alive on every request of the role), Load now and Unload, and what is in
// memory right now with its expiry (/api/ps), refreshed after each action.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Input, Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { describeKeepAlive } from "@/lib/ai/keep-alive";
import { sameModelName } from "@/lib/ai/model-names";
import type { AiSettingsDto, AiStatusDto, LoadedModel, WarmResult } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";
import { useWarmModel } from "@/lib/hooks/use-ai-models";
import { AI_ROLES, type AiRole } from "@/lib/validation/ai";
import { formatBytes } from "./format";

const ROLE_TITLE: Record<AiRole, string> = { main: "Main", fast: "Fast", complex: "Complex", fallback: "Fallback" };
const PRESETS: { value: string; label: string }[] = [
  { value: "", label: "Ollama's default (5 min)" },
  { value: "30m", label: "30 minutes" },
  { value: "1h", label: "1 hour" },
  { value: "4h", label: "4 hours" },
  { value: "24h", label: "24 hours" },
  { value: "-1", label: "Keep loaded" },
  { value: "0", label: "Unload after each request" },
];
const CUSTOM = "custom";
const KEEP_ALIVE = /^(-1|0|\d+(\.\d+)?(ms|s|m|h))$/;

/** "unloads in 28 min", "kept loaded", "unloads within a minute". */
export function expiryText(expiresAt: string | null, now = Date.now()): string {
  if (!expiresAt) return "in memory";
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return "in memory";
  // Ollama reports a date centuries ahead for models kept loaded for ever.
  if (t - now > 365 * 86400_000) return "kept loaded";
  const minutes = Math.round((t - now) / 60_000);
  if (minutes < 1) return "unloads within a minute";
  if (minutes < 120) return `unloads in ${minutes} min`;
  return `unloads in ${Math.round(minutes / 60)} h (${new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })})`;
}

interface RoleModel {
  role: AiRole;
  endpointId: string;
  endpointName: string;
  model: string;
  loaded: LoadedModel | null;
  detailsHidden: boolean;
}

/** Each role's first model on an Ollama endpoint: the one Load now loads. */
function roleModels(settings: AiSettingsDto, status: AiStatusDto | undefined): (RoleModel | { role: AiRole; missing: true })[] {
  return AI_ROLES.map((role) => {
    const link = settings.roles[role].find((l) => settings.endpoints.find((e) => e.id === l.endpointId)?.kind === "ollama");
    if (!link) return { role, missing: true as const };
    const ep = status?.endpoints.find((e) => e.id === link.endpointId);
    return {
      role,
      endpointId: link.endpointId,
      endpointName: settings.endpoints.find((e) => e.id === link.endpointId)?.name ?? link.endpointId,
      model: link.model,
      loaded: ep?.loaded.find((m) => sameModelName("ollama", m.name, link.model)) ?? null,
      detailsHidden: !!ep?.detailsHidden,
    };
  });
}

export function KeepWarm({ settings, status, canEdit }: { settings: AiSettingsDto; status: AiStatusDto | undefined; canEdit: boolean }) {
  return <KeepWarmForm key={JSON.stringify(settings.keepAlive)} settings={settings} status={status} canEdit={canEdit} />;
}

function KeepWarmForm({ settings, status, canEdit }: { settings: AiSettingsDto; status: AiStatusDto | undefined; canEdit: boolean }) {
  const [draft, setDraft] = useState<Partial<Record<AiRole, string>>>(settings.keepAlive);
  const [custom, setCustom] = useState<Partial<Record<AiRole, boolean>>>(() =>
    Object.fromEntries(AI_ROLES.map((r) => [r, !!settings.keepAlive[r] && !PRESETS.some((p) => p.value === settings.keepAlive[r])])),
  );
  const update = useUpdateAiSettings();
  const load = useWarmModel("load");
  const unload = useWarmModel("unload");
  const toast = useToast();
  const [last, setLast] = useState<WarmResult | null>(null);
  const rows = roleModels(settings, status);
  const invalid = AI_ROLES.filter((r) => draft[r] && !KEEP_ALIVE.test(draft[r]!.trim()));
  const dirty = AI_ROLES.some((r) => (draft[r] ?? "") !== (settings.keepAlive[r] ?? ""));
  const busyKey = (load.isPending ? load.variables : unload.isPending ? unload.variables : null) as { role?: AiRole } | null;
  const actionError = load.error ?? unload.error;

  const roleNamed = new Set(rows.flatMap((r) => ("missing" in r ? [] : [`${r.endpointId}\u0000${r.loaded?.name ?? ""}`])));
  const others = (status?.endpoints ?? [])
    .filter((e) => e.kind === "ollama" && !e.detailsHidden)
    .flatMap((e) => e.loaded.filter((m) => !roleNamed.has(`${e.id}\u0000${m.name}`)).map((m) => ({ endpoint: e, m })));

  const act = (kind: "load" | "unload", input: { role: AiRole } | { endpointId: string; model: string }) =>
    (kind === "load" ? load : unload).mutate(input, {
      onSuccess: (r) => {
        setLast(r);
        (kind === "load" ? unload : load).reset();
      },
    });

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (invalid.length) return;
        const keepAlive = Object.fromEntries(AI_ROLES.map((r) => [r, draft[r]?.trim() ? draft[r]!.trim() : null]));
        update.mutate({ keepAlive }, { onSuccess: () => toast({ tone: "success", message: "Keep-alive saved" }) });
      }}
    >
      <p className="text-sm text-muted">
        A model in memory answers at once; loading one from disk can take a while. Each role&apos;s keep-alive is sent with every request it
        makes (fallback models get the fallback&apos;s).
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="keep-warm">
        {rows.map((row) => {
          const r = row.role;
          const value = draft[r] ?? "";
          const selectValue = custom[r] ? CUSTOM : value;
          return (
            <li key={r} data-testid={`keep-warm-${r}`} className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center">
              <div className="min-w-0">
                <p className="text-sm">
                  <span className="font-medium">{ROLE_TITLE[r]}</span>
                  {"missing" in row ? (
                    <span className="text-muted"> · no model on an Ollama endpoint</span>
                  ) : (
                    <>
                      {" "}
                      · <span className="font-mono text-xs break-all">{row.model}</span>
                      <span className="text-muted"> on {row.endpointName}</span>
                    </>
                  )}
                </p>
                {!("missing" in row) && (
                  <p className="text-xs text-muted" data-testid="keep-warm-state">
                    {row.detailsHidden ? (
                      "The instance admin sees what is in memory."
                    ) : row.loaded ? (
                      <span className="text-sky-800 dark:text-sky-300">
                        In memory · {expiryText(row.loaded.expiresAt)}
                        {row.loaded.contextLength ? ` · context ${row.loaded.contextLength.toLocaleString("en-US")}` : ""}
                      </span>
                    ) : (
                      "Not in memory"
                    )}
                  </p>
                )}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                {canEdit ? (
                  <>
                    <Select
                      aria-label={`Keep-alive for the ${r} role`}
                      className="w-60"
                      value={selectValue}
                      onChange={(e) => {
                        const v = e.target.value;
                        setCustom((c) => ({ ...c, [r]: v === CUSTOM }));
                        if (v !== CUSTOM) setDraft((d) => ({ ...d, [r]: v }));
                      }}
                    >
                      {PRESETS.map((p) => (
                        <option key={p.value} value={p.value}>
                          {p.label}
                        </option>
                      ))}
                      <option value={CUSTOM}>Other…</option>
                    </Select>
                    {custom[r] && (
                      <Input
                        aria-label={`Custom keep-alive for the ${r} role`}
                        aria-invalid={invalid.includes(r) || undefined}
                        className="w-24 font-mono"
                        placeholder="90m"
                        maxLength={12}
                        value={value}
                        onChange={(e) => setDraft((d) => ({ ...d, [r]: e.target.value }))}
                      />
                    )}
                    {!("missing" in row) && (
                      <span className="flex items-center gap-1">
                        <Button
                          type="button"
                          size="sm"
                          variant="secondary"
                          aria-label={`Load the ${r} model now`}
                          busy={load.isPending && busyKey?.role === r}
                          disabled={load.isPending || unload.isPending || row.detailsHidden}
                          onClick={() => act("load", { role: r })}
                        >
                          Load now
                        </Button>
                        <Button
                          type="button"
                          size="sm"
                          variant="ghost"
                          aria-label={`Unload the ${r} model`}
                          busy={unload.isPending && busyKey?.role === r}
                          disabled={load.isPending || unload.isPending || !row.loaded}
                          onClick={() => act("unload", { role: r })}
                        >
                          Unload
                        </Button>
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-xs text-muted">Keeps its model: {describeKeepAlive(settings.keepAlive[r])}</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {invalid.length > 0 && (
        <p className="text-xs text-red-600 dark:text-red-400">
          Use a duration such as 30m, 2h or 45s ({invalid.map((r) => ROLE_TITLE[r].toLowerCase()).join(", ")}).
        </p>
      )}
      {actionError && <ErrorBox>{errorMessage(actionError)}</ErrorBox>}
      {last && !actionError && (
        <p role="status" data-testid="keep-warm-result" className="text-sm text-zinc-700 dark:text-zinc-300">
          {last.action === "load" ? (
            <>
              Loaded <strong>{last.model}</strong> on {last.endpoint}
              {last.role ? ` with the ${last.role} role's keep-alive: ${describeKeepAlive(last.keepAlive ?? undefined)}` : ""}.
            </>
          ) : (
            <>
              Unloaded <strong>{last.model}</strong> from {last.endpoint}.
            </>
          )}
        </p>
      )}
      {others.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">Also in memory</h3>
          <ul className="space-y-1 text-sm" data-testid="keep-warm-others">
            {others.map(({ endpoint, m }) => (
              <li key={`${endpoint.id}:${m.name}`} className="flex flex-wrap items-center gap-x-2">
                <span className="font-mono text-xs break-all">{m.name}</span>
                <span className="text-xs text-muted">
                  {formatBytes(m.sizeBytes)} · {expiryText(m.expiresAt)}
                  {status && status.endpoints.filter((e) => e.kind === "ollama").length > 1 ? ` · ${endpoint.name}` : ""}
                </span>
                {canEdit && (
                  <Button
                    type="button"
                    size="sm"
                    variant="ghost"
                    aria-label={`Unload ${m.name}`}
                    disabled={load.isPending || unload.isPending}
                    onClick={() => act("unload", { endpointId: endpoint.id, model: m.name })}
                  >
                    Unload
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={!dirty || invalid.length > 0} busy={update.isPending}>
            Save keep-alive
          </Button>
          {update.isError && <span className="text-xs text-red-600 dark:text-red-400">{errorMessage(update.error)}</span>}
        </div>
      )}
    </form>
  );
}
