"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Input, Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { AiSettingsDto, AiStatusDto } from "@/lib/ai/types";
import { sameModelName } from "@/lib/ai/model-names";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";
import { AI_ROLES, MODEL_NAME_MAX, type AiRole, type ModelLink } from "@/lib/validation/ai";
import { EnvBadge } from "./env-badge";
import { ExternalBadge } from "./external-badge";
import { TestButton } from "./test-button";

const ROLE_INFO: Record<AiRole, { title: string; help: string; max: number }> = {
  main: { title: "Main model", help: "Plans, task breakdowns and anything that needs care. Tried top to bottom.", max: 5 },
  fast: { title: "Fast model", help: "Short jobs where a quick answer matters. Use the main model here if you only have one.", max: 5 },
  complex: {
    title: "Complex model",
    help: "Tasks scored at or above the threshold, whole-project analysis and long PRDs. Without one, the usual role answers.",
    max: 5,
  },
  fallback: {
    title: "Fallback chain",
    help: "Tried in order when a role's own models cannot answer. Cairn only switches before the first token, never mid-answer.",
    max: 10,
  },
};

const ENV_FOR: Record<AiRole, string | null> = {
  main: "OLLAMA_MODEL",
  fast: "OLLAMA_MODEL",
  complex: null,
  fallback: "OLLAMA_FALLBACK_MODELS",
};

type LinkState = "installed" | "missing" | "unreachable" | "unknown";

function linkState(status: AiStatusDto | undefined, link: ModelLink): LinkState {
  const ep = status?.endpoints.find((e) => e.id === link.endpointId);
  if (!ep) return "unknown";
  if (!ep.health.reachable) return "unreachable";
  if (ep.detailsHidden) {
    // Without the model list (the admin's), the role chains still say whether a configured model is there.
    const known = Object.values(status!.roles)
      .flatMap((r) => r.chain)
      .find((l) => l.endpointId === link.endpointId && l.model === link.model);
    return known?.installed ? "installed" : "missing";
  }
  return ep.models.some((m) => sameModelName(ep.kind, m.name, link.model)) ? "installed" : "missing";
}

const STATE_CHIP: Record<LinkState, { text: string; cls: string }> = {
  installed: { text: "installed", cls: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200" },
  missing: { text: "not installed", cls: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200" },
  unreachable: { text: "unreachable", cls: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300" },
  unknown: { text: "unknown endpoint", cls: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" },
};

export function ModelRoles({ settings, status, canEdit }: { settings: AiSettingsDto; status: AiStatusDto | undefined; canEdit: boolean }) {
  // Remounting on new settings drops a stale draft instead of merging into it.
  return <RolesForm key={JSON.stringify(settings.roles)} settings={settings} status={status} canEdit={canEdit} />;
}

function RolesForm({ settings, status, canEdit }: { settings: AiSettingsDto; status: AiStatusDto | undefined; canEdit: boolean }) {
  const [draft, setDraft] = useState(settings.roles);
  const update = useUpdateAiSettings();
  const toast = useToast();
  const listId = useId();
  const locked = (role: AiRole) => ENV_FOR[role] !== null && settings.fromEnvironment.includes(ENV_FOR[role]);
  const editable = AI_ROLES.filter((r) => canEdit && !locked(r));
  const dirty = editable.some((r) => JSON.stringify(draft[r]) !== JSON.stringify(settings.roles[r]));
  const installedNames = [...new Set(status?.endpoints.flatMap((e) => e.models.map((m) => m.name)) ?? [])];

  const change = (role: AiRole, links: ModelLink[]) => setDraft((d) => ({ ...d, [role]: links }));

  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const roles = Object.fromEntries(
          editable.map((r) => [r, draft[r].map((l) => ({ ...l, model: l.model.trim() })).filter((l) => l.model)]),
        );
        update.mutate({ roles }, { onSuccess: () => toast({ tone: "success", message: "Models saved" }) });
      }}
    >
      <datalist id={listId}>
        {installedNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {AI_ROLES.map((role) => {
        const info = ROLE_INFO[role];
        const links = draft[role];
        const canChange = editable.includes(role);
        return (
          <fieldset key={role} className="space-y-2" data-testid={`ai-role-${role}`}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <legend className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {info.title}
                  {locked(role) && <EnvBadge name={ENV_FOR[role]!} />}
                  {settings.external[role] && <ExternalBadge />}
                </legend>
                <p className="text-xs text-muted">{info.help}</p>
              </div>
              {canEdit && links.length > 0 && <TestButton input={{ role }} label={`Test the ${info.title.toLowerCase()}`} />}
            </div>
            {links.length === 0 ? (
              <p className="text-sm text-muted">
                {role === "fallback" ? "No fallbacks: if the role's own models fail, the job fails." : "None chosen."}
              </p>
            ) : (
              <ol className="space-y-2">
                {links.map((link, i) => {
                  const state = linkState(status, link);
                  const chip = STATE_CHIP[state];
                  const label = `${info.title} ${i + 1}`;
                  const set = (patch: Partial<ModelLink>) =>
                    change(
                      role,
                      links.map((l, j) => (j === i ? { ...l, ...patch } : l)),
                    );
                  const move = (to: number) => {
                    const next = [...links];
                    const [item] = next.splice(i, 1);
                    next.splice(to, 0, item!);
                    change(role, next);
                  };
                  return (
                    <li key={i} className="flex flex-wrap items-center gap-2">
                      <span className="w-5 text-right text-xs text-muted tabular-nums">{i + 1}.</span>
                      {canChange ? (
                        <>
                          <Input
                            aria-label={label}
                            className="min-w-28 flex-1 font-mono"
                            list={listId}
                            value={link.model}
                            maxLength={MODEL_NAME_MAX}
                            spellCheck={false}
                            onChange={(e) => set({ model: e.target.value })}
                          />
                          {settings.endpoints.length > 1 && (
                            <Select
                              aria-label={`Endpoint for ${label.toLowerCase()}`}
                              className="w-36"
                              value={link.endpointId}
                              onChange={(e) => set({ endpointId: e.target.value })}
                            >
                              {settings.endpoints.map((ep) => (
                                <option key={ep.id} value={ep.id}>
                                  {ep.name}
                                </option>
                              ))}
                            </Select>
                          )}
                        </>
                      ) : (
                        <span className="min-w-0 flex-1 font-mono text-sm break-all">
                          {link.model}
                          {settings.endpoints.length > 1 && (
                            <span className="font-sans text-xs text-muted">
                              {" "}
                              on {settings.endpoints.find((e) => e.id === link.endpointId)?.name ?? link.endpointId}
                            </span>
                          )}
                        </span>
                      )}
                      <span className={`rounded px-1.5 py-0.5 text-[11px] whitespace-nowrap ${chip.cls}`}>{chip.text}</span>
                      {canChange && (
                        <span className="flex gap-0.5">
                          <Button
                            type="button"
                            size="sm"
                            variant="ghost"
                            aria-label={`Move ${label.toLowerCase()} up`}
                            disabled={i === 0}
                            onClick={() => move(i - 1)}
                          >
                            ↑
                          </Button>
                          <Button
                            type="button"
                            size="sm"
                            variant="ghost"
                            aria-label={`Move ${label.toLowerCase()} down`}
                            disabled={i === links.length - 1}
                            onClick={() => move(i + 1)}
                          >
                            ↓
                          </Button>
                          <Button
                            type="button"
                            size="sm"
                            variant="ghost"
                            aria-label={`Remove ${label.toLowerCase()}`}
                            onClick={() =>
                              change(
                                role,
                                links.filter((_, j) => j !== i),
                              )
                            }
                          >
                            ✕
                          </Button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
            {canChange && (
              <Button
                type="button"
                size="sm"
                variant="ghost"
                disabled={links.length >= info.max}
                onClick={() => change(role, [...links, { endpointId: settings.endpoints[0]?.id ?? "local", model: "" }])}
              >
                + Add a model
              </Button>
            )}
          </fieldset>
        );
      })}
      {update.isError && <ErrorBox>{errorMessage(update.error)}</ErrorBox>}
      {editable.length > 0 && (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" busy={update.isPending} disabled={!dirty}>
            Save models
          </Button>
          {dirty && (
            <>
              <Button type="button" variant="ghost" onClick={() => setDraft(settings.roles)}>
                Discard changes
              </Button>
              <span className="text-xs text-muted">Test uses the saved models.</span>
            </>
          )}
        </div>
      )}
    </form>
  );
}
