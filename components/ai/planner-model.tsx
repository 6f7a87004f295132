"use client";
// Settings → AI → Create a planner model: pick an installed base model, see and edit the
// Modelfile Cairn proposes (FROM, a planning SYSTEM prompt, PARAMETERs with num_ctx within the
// base's window), create it on Ollama with its status lines as they come, then use it as the
// main model in one click. A failed create leaves Cairn's settings as they were.
import { useMemo, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { parseModelfile, plannerModelName, proposeModelfile } from "@/lib/ai/modelfile";
import { chainWithFirst, sameModelName } from "@/lib/ai/model-names";
import type { AiSettingsDto, AiStatusDto, InstalledModel } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";
import { useCreateModel } from "@/lib/hooks/use-ai-models";
import { AI_MODEL_LIMITS } from "@/lib/validation/limits";

/** Models that can plan: they complete text (embedding-only models cannot). */
const canPlan = (m: InstalledModel) => !m.facts || m.facts.capabilities.length === 0 || m.facts.capabilities.includes("completion");

export function PlannerModel({
  settings,
  status,
  canEdit,
}: {
  settings: AiSettingsDto;
  status: AiStatusDto | undefined;
  canEdit: boolean;
}) {
  const ollama = (status?.endpoints ?? []).filter((e) => e.kind === "ollama" && !e.detailsHidden);
  const [endpointId, setEndpointId] = useState<string | null>(null);
  const endpoint = ollama.find((e) => e.id === endpointId) ?? ollama.find((e) => e.health.reachable) ?? ollama[0];

  if (!canEdit) return <p className="text-sm text-muted">Only the instance admin can create models.</p>;
  if (!status) return <p className="text-sm text-muted">Waiting for the endpoint check…</p>;
  if (!endpoint) return <p className="text-sm text-muted">Creating a model needs an Ollama endpoint; add one above.</p>;
  if (!endpoint.health.reachable) {
    return (
      <ErrorBox>
        {endpoint.name} cannot be reached, so no model can be created on it right now. {endpoint.health.error ?? ""}
      </ErrorBox>
    );
  }
  const bases = endpoint.models.filter(canPlan);
  if (bases.length === 0)
    return <p className="text-sm text-muted">No model to build on is installed on {endpoint.name}. Pull one above.</p>;
  return (
    <PlannerForm
      key={endpoint.id}
      settings={settings}
      endpointId={endpoint.id}
      endpointName={endpoint.name}
      bases={bases}
      installed={endpoint.models}
      endpointPicker={
        ollama.length > 1 ? (
          <Field label="On">
            {(p) => (
              <Select {...p} className="w-44" value={endpoint.id} onChange={(e) => setEndpointId(e.target.value)}>
                {ollama.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null
      }
    />
  );
}

function PlannerForm({
  settings,
  endpointId,
  endpointName,
  bases,
  installed,
  endpointPicker,
}: {
  settings: AiSettingsDto;
  endpointId: string;
  endpointName: string;
  bases: InstalledModel[];
  installed: InstalledModel[];
  endpointPicker: React.ReactNode;
}) {
  // The main model, when it is here, is the natural base; otherwise the first one that can plan.
  const mainHere = settings.roles.main.find((l) => l.endpointId === endpointId);
  // A planner made from a planner is rarely wanted: those are never the first suggestion.
  const plain = bases.filter((m) => !/^cairn-planner(:|$)/i.test(m.name));
  const initial = plain.find((m) => mainHere && sameModelName("ollama", m.name, mainHere.model)) ?? plain[0] ?? bases[0]!;
  const [base, setBase] = useState(initial.name);
  const baseModel = bases.find((m) => m.name === base) ?? initial;
  const proposal = (b: InstalledModel) =>
    proposeModelfile({
      base: b.name,
      contextLength: b.facts?.contextLength ?? null,
      numCtx: settings.numCtx,
      temperature: settings.temperature,
    });
  const [name, setName] = useState(plannerModelName(initial.name));
  const [modelfile, setModelfile] = useState(proposal(initial));
  const [edited, setEdited] = useState(false);
  const create = useCreateModel();
  const update = useUpdateAiSettings();
  const toast = useToast();
  const { state } = create;

  const checked = useMemo(
    () => parseModelfile(modelfile, { contextLength: baseModel.facts?.contextLength ?? null }),
    [modelfile, baseModel],
  );
  const fromElsewhere = checked.ok && !sameModelName("ollama", checked.request.from, baseModel.name);
  const created = state.phase === "done" ? state.result : null;
  const taken =
    installed.some((m) => sameModelName("ollama", m.name, name.trim())) &&
    !(created && sameModelName("ollama", created.model, name.trim()));
  const nameError = !name.trim() ? "Name the new model" : taken ? `${name.trim()} already exists on ${endpointName}` : null;
  const isMain =
    created &&
    sameModelName("ollama", settings.roles.main[0]?.model ?? "", created.model) &&
    settings.roles.main[0]?.endpointId === created.endpointId;

  const pickBase = (next: string) => {
    const b = bases.find((m) => m.name === next)!;
    setBase(next);
    setName(plannerModelName(next));
    // An edited Modelfile keeps its text, with the new FROM; an untouched one is proposed afresh.
    setModelfile((text) => (edited ? text.replace(/^FROM .*$/m, `FROM ${next}`) : proposal(b)));
    create.reset();
  };

  const makeMain = () => {
    if (!created) return;
    const main = chainWithFirst(settings.roles.main, "main", { endpointId: created.endpointId, model: created.model }, (a, b) =>
      sameModelName("ollama", a, b),
    );
    update.mutate({ roles: { main } }, { onSuccess: () => toast({ tone: "success", message: `${created.model} is now the main model` }) });
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        A planner model is a base model with Cairn&apos;s planning instructions and steady settings built in. Nothing in Cairn changes until
        you choose to use it.
      </p>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!checked.ok || nameError || create.isCreating) return;
          void create.start({ endpointId, name: name.trim(), modelfile });
        }}
      >
        <div className="flex flex-wrap items-end gap-3">
          {endpointPicker}
          <div className="min-w-48 flex-1">
            <Field
              label="Base model"
              hint={baseModel.facts?.contextLength ? `context ${baseModel.facts.contextLength.toLocaleString("en-US")} tokens` : undefined}
            >
              {(p) => (
                <Select {...p} value={base} disabled={create.isCreating} onChange={(e) => pickBase(e.target.value)}>
                  {bases.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                      {m.parameterSize ? ` (${m.parameterSize})` : ""}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="min-w-48 flex-1">
            <Field label="Name for the model" error={nameError}>
              {(p) => (
                <Input
                  {...p}
                  className="font-mono"
                  value={name}
                  maxLength={AI_MODEL_LIMITS.modelName}
                  spellCheck={false}
                  autoComplete="off"
                  disabled={create.isCreating}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
          </div>
        </div>
        <Field
          label="Modelfile"
          hint="FROM, SYSTEM, TEMPLATE, PARAMETER, MESSAGE and LICENSE lines, as for ollama create."
          error={
            !checked.ok
              ? checked.errors.join(" · ")
              : fromElsewhere
                ? `FROM names ${checked.request.from}, not the base model chosen above`
                : null
          }
        >
          {(p) => (
            <Textarea
              {...p}
              className="min-h-72 font-mono text-xs leading-relaxed"
              value={modelfile}
              maxLength={AI_MODEL_LIMITS.modelfile}
              spellCheck={false}
              disabled={create.isCreating}
              onChange={(e) => {
                setModelfile(e.target.value);
                setEdited(true);
              }}
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" busy={create.isCreating} disabled={!checked.ok || !!nameError}>
            Create {name.trim() || "model"}
          </Button>
          {create.isCreating ? (
            <Button type="button" variant="secondary" onClick={create.cancel}>
              Cancel
            </Button>
          ) : (
            edited && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setModelfile(proposal(baseModel));
                  setEdited(false);
                }}
              >
                Use Cairn&apos;s proposal again
              </Button>
            )
          )}
        </div>
      </form>

      {state.phase !== "idle" && (
        <div className="space-y-2" data-testid="create-model-progress">
          {state.lines.length > 0 && (
            <ol
              aria-label={`Creating ${state.model}`}
              className="max-h-40 space-y-0.5 overflow-y-auto rounded-md bg-zinc-50 p-2 font-mono text-[11px] break-all text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400"
            >
              {state.lines.map((l) => (
                <li key={l.step}>{l.status}</li>
              ))}
            </ol>
          )}
          {state.phase === "creating" && (
            <p role="status" className="flex items-center gap-2 text-sm">
              <Spinner /> Creating <strong>{state.model}</strong> on {endpointName}…
            </p>
          )}
          {state.phase === "cancelled" && (
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-300">
              Stopped waiting for {state.model}. Cairn&apos;s settings are unchanged; check the installed models above.
            </p>
          )}
          {state.phase === "failed" && (
            <ErrorBox>
              {state.model} was not created: {state.error.message} Cairn&apos;s settings are unchanged.
            </ErrorBox>
          )}
          {created && (
            <div
              role="status"
              data-testid="create-model-done"
              className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-100"
            >
              <span className="min-w-0 flex-1">
                <strong>{created.model}</strong> is installed on {endpointName}
                {isMain ? " and is now the main model." : "."}
              </span>
              {!isMain && (
                <Button type="button" size="sm" busy={update.isPending} onClick={makeMain}>
                  Use {created.model} as the main model
                </Button>
              )}
            </div>
          )}
          {update.isError && <ErrorBox>Could not change the main model: {errorMessage(update.error)}</ErrorBox>}
        </div>
      )}
    </div>
  );
}
