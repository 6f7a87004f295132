"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { AiSettingsDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";
import { ENDPOINT_NAME_MAX, type AiEndpoint } from "@/lib/validation/ai";
import { EnvBadge } from "./env-badge";

/** Ids are what the model lists point at, so a new endpoint gets one that never changes with its name. */
function newId(name: string, taken: string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 30) || "endpoint";
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export function EndpointsEditor({ settings }: { settings: AiSettingsDto }) {
  return <EndpointsForm key={JSON.stringify(settings.endpoints)} settings={settings} />;
}

function EndpointsForm({ settings }: { settings: AiSettingsDto }) {
  const [draft, setDraft] = useState<(AiEndpoint & { isNew?: boolean })[]>(settings.endpoints);
  const update = useUpdateAiSettings();
  const toast = useToast();
  const envId = settings.fromEnvironment.includes("OLLAMA_BASE_URL") ? settings.endpoints.find((e) => e.kind === "ollama")?.id : undefined;
  const dirty = JSON.stringify(draft.map(({ isNew: _, ...e }) => e)) !== JSON.stringify(settings.endpoints);
  const set = (i: number, patch: Partial<AiEndpoint>) => setDraft((d) => d.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const taken = draft.filter((ep) => !ep.isNew).map((ep) => ep.id);
        const endpoints = draft.map(({ isNew, ...ep }) => {
          if (!isNew) return ep;
          const id = newId(ep.name, taken);
          taken.push(id);
          return { ...ep, id };
        });
        update.mutate({ endpoints }, { onSuccess: () => toast({ tone: "success", message: "Endpoints saved" }) });
      }}
    >
      {draft.map((ep, i) => {
        const fromEnv = ep.id === envId && !ep.isNew;
        return (
          <div
            key={ep.isNew ? `new-${i}` : ep.id}
            className="grid gap-2 rounded-md border border-zinc-200 p-3 sm:grid-cols-[10rem_1fr_11rem_auto] sm:items-end dark:border-zinc-800"
          >
            <Field label="Name">
              {(p) => (
                <Input {...p} value={ep.name} required maxLength={ENDPOINT_NAME_MAX} onChange={(e) => set(i, { name: e.target.value })} />
              )}
            </Field>
            <Field label="Address" hint={fromEnv ? "Set by OLLAMA_BASE_URL; change it in the environment." : undefined}>
              {(p) => (
                <Input
                  {...p}
                  className="font-mono"
                  value={ep.url}
                  required
                  type="url"
                  placeholder="http://127.0.0.1:11434"
                  disabled={fromEnv}
                  onChange={(e) => set(i, { url: e.target.value })}
                />
              )}
            </Field>
            <Field label="Kind">
              {(p) => (
                <Select {...p} value={ep.kind} onChange={(e) => set(i, { kind: e.target.value as AiEndpoint["kind"] })} disabled={fromEnv}>
                  <option value="ollama">Ollama</option>
                  <option value="openai">OpenAI-compatible</option>
                </Select>
              )}
            </Field>
            <div className="flex items-center gap-2">
              {fromEnv && <EnvBadge name="OLLAMA_BASE_URL" />}
              <Button
                type="button"
                variant="ghost"
                size="sm"
                aria-label={`Remove the endpoint ${ep.name || i + 1}`}
                disabled={draft.length === 1 || fromEnv}
                onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </div>
          </div>
        );
      })}
      {update.isError && <ErrorBox>{errorMessage(update.error)}</ErrorBox>}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={draft.length >= 10}
          onClick={() => setDraft((d) => [...d, { id: "", kind: "ollama", name: `Ollama ${d.length + 1}`, url: "", isNew: true }])}
        >
          + Add an endpoint
        </Button>
        <Button type="submit" busy={update.isPending} disabled={!dirty}>
          Save endpoints
        </Button>
        {dirty && (
          <Button type="button" variant="ghost" onClick={() => setDraft(settings.endpoints)}>
            Discard changes
          </Button>
        )}
      </div>
      <p className="text-xs text-muted">An endpoint still named in the model lists below cannot be removed until those models are moved.</p>
    </form>
  );
}
