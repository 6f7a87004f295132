"use client";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { AiSettingsDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";

// People think of time-outs in seconds and cache lifetimes in hours; the API stores ms and seconds.
const OPTIONS = [
  {
    name: "numCtx",
    label: "Context size (tokens)",
    hint: "How much the model reads at once. More needs more memory.",
    min: 512,
    max: 1_048_576,
    step: 512,
    scale: 1,
  },
  {
    name: "temperature",
    label: "Temperature",
    hint: "0 is most predictable; plans read best around 0.2.",
    min: 0,
    max: 2,
    step: 0.05,
    scale: 1,
  },
  {
    name: "complexityThreshold",
    label: "Complexity threshold",
    hint: "Expanding or updating a task scored at or above it uses the complex model (when one is chosen).",
    min: 1,
    max: 10,
    step: 1,
    scale: 1,
  },
  {
    name: "cacheTtlSeconds",
    label: "Cache answers for (hours)",
    hint: "The same request within this time is answered from the cache. 0 turns it off.",
    min: 0,
    max: 720,
    step: 0.5,
    scale: 3600,
  },
  {
    name: "firstTokenTimeoutMs",
    label: "First-token time-out (seconds)",
    hint: "Includes loading the model, which can take a while on a cold start.",
    min: 1,
    max: 900,
    step: 1,
    scale: 1000,
  },
  {
    name: "idleTimeoutMs",
    label: "Idle time-out (seconds)",
    hint: "How long a model may go quiet mid-answer before Cairn gives up.",
    min: 1,
    max: 600,
    step: 1,
    scale: 1000,
  },
] as const;

type OptionName = (typeof OPTIONS)[number]["name"];

export function AiOptions({ settings, canEdit }: { settings: AiSettingsDto; canEdit: boolean }) {
  const update = useUpdateAiSettings();
  const toast = useToast();
  const key = OPTIONS.map((o) => settings[o.name]).join("|");
  return (
    <form
      key={key}
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const patch: Partial<Record<OptionName, number>> = {};
        for (const o of OPTIONS) {
          const raw = Number(f.get(o.name)) * o.scale;
          const stored = o.name === "temperature" ? Math.round(raw * 100) / 100 : Math.round(raw);
          if (stored !== settings[o.name]) patch[o.name] = stored;
        }
        if (Object.keys(patch).length === 0) return toast({ message: "Nothing changed" });
        update.mutate(patch, { onSuccess: () => toast({ tone: "success", message: "Options saved" }) });
      }}
    >
      <fieldset disabled={!canEdit} className="grid gap-4 sm:grid-cols-2">
        {OPTIONS.map((o) => (
          <Field key={o.name} label={o.label} hint={o.hint}>
            {(p) => (
              <Input
                {...p}
                name={o.name}
                type="number"
                inputMode="decimal"
                min={o.min}
                max={o.max}
                step={o.step}
                required
                defaultValue={settings[o.name] / o.scale}
              />
            )}
          </Field>
        ))}
      </fieldset>
      {update.isError && <ErrorBox>{errorMessage(update.error)}</ErrorBox>}
      {canEdit && (
        <Button type="submit" busy={update.isPending}>
          Save options
        </Button>
      )}
    </form>
  );
}
