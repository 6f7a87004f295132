"use client";
import { Fragment } from "react";
import { SettingsTabs } from "@/components/settings-tabs";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { AiStatusDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiSettings, useAiStatus } from "@/lib/hooks/use-ai";
import { AiOptions } from "./ai-options";
import { EndpointCard } from "./endpoint-card";
import { EndpointsEditor } from "./endpoints-editor";
import { KeepWarm } from "./keep-warm";
import { ModelRoles } from "./model-roles";
import { PlannerModel } from "./planner-model";
import { PullModel } from "./pull-model";

const card = "rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900";

/** Shows `ollama serve`-style spans as code, so a command can be copied as written. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-black/5 px-1 font-mono text-[0.9em] dark:bg-white/10">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export function AiSettings({ isAdmin }: { isAdmin: boolean }) {
  const status = useAiStatus();
  const settings = useAiSettings();
  return (
    <div className="grid max-w-4xl min-w-0 gap-5">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs />
      {!isAdmin && (
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
          Only the instance admin can change the AI settings, test models and see what the endpoints report. You can see which endpoints are
          up and which models are in use.
        </p>
      )}
      <Summary
        status={status.data}
        pending={status.isPending}
        error={status.isError && !status.data ? errorMessage(status.error) : null}
        onRetry={() => void status.refetch()}
      />

      <section className={card} aria-labelledby="ai-endpoints">
        <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
          <h2 id="ai-endpoints" className="font-semibold">
            Endpoints
          </h2>
          <span className="text-xs text-muted">
            {status.data ? `checked ${new Date(status.data.checkedAt).toLocaleTimeString()}, every 10 s` : ""}
          </span>
          <Button size="sm" variant="ghost" className="ml-auto" busy={status.isFetching} onClick={() => void status.refetch()}>
            Check now
          </Button>
        </div>
        {status.data ? (
          <div className="space-y-3">
            {status.data.endpoints.map((ep) => (
              <EndpointCard key={ep.id} endpoint={ep} />
            ))}
          </div>
        ) : status.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Checking your AI endpoints…
          </p>
        ) : null}
        {isAdmin && settings.data && (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium text-link">Edit endpoints</summary>
            <div className="mt-3">
              <EndpointsEditor settings={settings.data} />
            </div>
          </details>
        )}
      </section>

      <section className={card} aria-labelledby="ai-pull">
        <h2 id="ai-pull" className="mb-3 font-semibold">
          Pull a model
        </h2>
        {status.data ? (
          <PullModel endpoints={status.data.endpoints} canPull={isAdmin} />
        ) : (
          <p className="text-sm text-muted">Waiting for the endpoint check…</p>
        )}
      </section>

      <section className={card} aria-labelledby="ai-models-heading">
        <h2 id="ai-models-heading" className="mb-3 font-semibold">
          Models
        </h2>
        {settings.data ? (
          <ModelRoles settings={settings.data} status={status.data} canEdit={isAdmin} />
        ) : settings.isError ? (
          <ErrorBox>Could not load the AI settings: {errorMessage(settings.error)}</ErrorBox>
        ) : (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading…
          </p>
        )}
      </section>

      <section className={card} aria-labelledby="ai-keep-warm">
        <h2 id="ai-keep-warm" className="mb-3 font-semibold">
          Keep models warm
        </h2>
        {settings.data && <KeepWarm settings={settings.data} status={status.data} canEdit={isAdmin} />}
      </section>

      <section className={card} aria-labelledby="ai-planner-model">
        <h2 id="ai-planner-model" className="mb-3 font-semibold">
          Create a planner model
        </h2>
        {settings.data && <PlannerModel settings={settings.data} status={status.data} canEdit={isAdmin} />}
      </section>

      <section className={card} aria-labelledby="ai-options">
        <h2 id="ai-options" className="mb-3 font-semibold">
          Options
        </h2>
        {settings.data && <AiOptions settings={settings.data} canEdit={isAdmin} />}
      </section>
    </div>
  );
}

function Summary({
  status,
  pending,
  error,
  onRetry,
}: {
  status: AiStatusDto | undefined;
  pending: boolean;
  error: string | null;
  onRetry: () => void;
}) {
  if (error) {
    return (
      <ErrorBox>
        Could not check the AI endpoints: {error}{" "}
        <button className="font-medium underline" onClick={onRetry}>
          Try again
        </button>
      </ErrorBox>
    );
  }
  if (pending || !status) return null;
  const main = status.roles.main.firstUsable;
  const fast = status.roles.fast.firstUsable;
  return (
    <div className="space-y-2">
      {status.ready ? (
        <p
          role="status"
          data-testid="ai-ready"
          className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-100"
        >
          AI is ready.{" "}
          {main && (
            <>
              Main jobs use <strong>{main.model}</strong> on {main.endpointName}
              {fast && (fast.model !== main.model || fast.endpointId !== main.endpointId) ? (
                <>
                  , quick ones <strong>{fast.model}</strong> on {fast.endpointName}
                </>
              ) : null}
              .
            </>
          )}
        </p>
      ) : (
        <div
          role="alert"
          data-testid="ai-problem"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
        >
          <p className="font-medium">
            <WithCode text={status.problem ?? "No AI model can answer right now."} />
          </p>
          {status.fix && (
            <p className="mt-0.5">
              <WithCode text={status.fix} />
            </p>
          )}
          <p className="mt-1 text-xs opacity-80">Until then, everything else in Cairn works; only the AI features wait.</p>
        </div>
      )}
      {status.warnings.length > 0 && (
        <ul className="space-y-1 text-xs text-amber-800 dark:text-amber-300">
          {status.warnings.map((w) => (
            <li key={w}>
              ⚠ <WithCode text={w} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
