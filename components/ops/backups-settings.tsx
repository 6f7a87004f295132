"use client";
import { useState } from "react";
import { formatBytes } from "@/components/ai/format";
import { SettingsTabs } from "@/components/settings-tabs";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox, Field, Input } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { BackupOverviewDto } from "@/lib/ops/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useBackUpNow, useBackups, useUpdateBackupSettings } from "@/lib/hooks/use-ops";
import { formatAge } from "./format";
import { plural } from "@/lib/plural";

const card = "min-w-0 rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900";

export function BackupsSettings({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div className="grid max-w-5xl min-w-0 gap-5">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs />
      {isAdmin ? (
        <Backups />
      ) : (
        <section className={card}>
          <h2 className="font-semibold">Backups</h2>
          <p className="mt-1 text-sm text-muted">Backups are kept by the instance admin.</p>
        </section>
      )}
    </div>
  );
}

function StaleWarning({ data }: { data: BackupOverviewDto }) {
  if (!data.stale) return null;
  const hours = data.settings.intervalHours;
  return (
    <div
      role="alert"
      data-testid="backup-stale"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200"
    >
      <strong className="font-semibold">
        {data.lastGoodAt ? `The last good backup is ${formatAge(data.lastGoodAt)}.` : "There is no backup yet."}
      </strong>{" "}
      {hours > 0 ? `Backups are due every ${plural(hours, "hour")}; this is more than twice that.` : "Scheduled backups are off."}{" "}
      {data.lastFailure ? `The last attempt failed: ${data.lastFailure.message}` : "Take one now, and check the schedule below."}
    </div>
  );
}

/** On PostgreSQL the built-in (SQLite file) backups do not apply: say what does, offer nothing that would fail. */
function PostgresBackups({ note }: { note: string }) {
  return (
    <section className={card} aria-labelledby="backups-heading" data-testid="backups-postgresql">
      <h2 id="backups-heading" className="font-semibold">
        Backups
      </h2>
      <p className="mt-2 max-w-prose text-sm">{note}</p>
      <pre className="mt-3 overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs dark:bg-zinc-800">
        {
          'pg_dump -Fc "$DATABASE_URL" > cairn-$(date -u +%Y%m%d-%H%M%S).dump\npg_restore --clean --if-exists -d "$DATABASE_URL" cairn-….dump'
        }
      </pre>
    </section>
  );
}

function Backups() {
  const backups = useBackups();
  if (backups.data?.database === "postgresql") return <PostgresBackups note={backups.data.note ?? ""} />;
  return <SqliteBackups />;
}

function SqliteBackups() {
  const backups = useBackups();
  const backUp = useBackUpNow();
  const toast = useToast();
  return (
    <>
      <section className={card} aria-labelledby="backups-heading">
        <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2">
          <h2 id="backups-heading" className="font-semibold">
            Backups
          </h2>
          {backups.data && <span className="text-xs break-all text-muted">in {backups.data.directory}</span>}
          <Button
            size="sm"
            className="ml-auto"
            busy={backUp.isPending}
            onClick={() =>
              backUp.mutate(undefined, {
                onSuccess: (b) => toast({ tone: "success", message: `Backed up as ${b.name}` }),
              })
            }
          >
            Back up now
          </Button>
        </div>
        {backUp.isError && (
          <div className="mb-3">
            <ErrorBox>The backup failed: {errorMessage(backUp.error)}</ErrorBox>
          </div>
        )}
        {backups.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading…
          </p>
        ) : backups.isError ? (
          <ErrorBox>Could not load the backups: {errorMessage(backups.error)}</ErrorBox>
        ) : (
          <div className="grid gap-3">
            <StaleWarning data={backups.data} />
            {backups.data.backups.length === 0 ? (
              <p className="py-6 text-center text-sm text-muted" data-testid="backups-empty">
                No backups yet. “Back up now” takes one; the schedule below takes them on its own.
              </p>
            ) : (
              <div className="relative -mx-4 overflow-x-auto sm:mx-0">
                <table className="w-full min-w-[20rem] text-left text-sm" data-testid="backup-list">
                  <thead className="text-xs text-muted">
                    <tr className="border-b border-zinc-200 dark:border-zinc-800">
                      <th className="px-2 py-1.5 font-medium">Backup</th>
                      <th className="px-2 py-1.5 font-medium">Age</th>
                      <th className="px-2 py-1.5 text-right font-medium">Size</th>
                      <th className="px-2 py-1.5 font-medium">
                        <span className="sr-only">Download</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {backups.data.backups.map((b) => (
                      <tr key={b.name} className="border-b border-zinc-100 dark:border-zinc-800/70" data-testid="backup-row">
                        <td className="px-2 py-1.5 font-mono text-xs break-all">{b.name}</td>
                        <td className="px-2 py-1.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                          <time dateTime={b.takenAt} title={new Date(b.takenAt).toLocaleString()}>
                            {formatAge(b.takenAt)}
                          </time>
                        </td>
                        <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums">{formatBytes(b.sizeBytes)}</td>
                        <td className="px-2 py-1.5 text-right">
                          <a
                            href={`/api/v1/admin/backups/${encodeURIComponent(b.name)}`}
                            download={b.name}
                            className="text-xs font-medium text-link underline underline-offset-2 hover:decoration-2"
                            aria-label={`Download ${b.name}`}
                          >
                            Download
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="text-xs text-muted">
              Restore with Cairn stopped: <code className="font-mono">npm run restore -- &lt;file&gt;</code> (the current database is kept
              aside).
            </p>
          </div>
        )}
      </section>
      {backups.data && <ScheduleForm key={JSON.stringify(backups.data.settings)} data={backups.data} />}
    </>
  );
}

function ScheduleForm({ data }: { data: BackupOverviewDto }) {
  const save = useUpdateBackupSettings();
  const toast = useToast();
  const { settings } = data;
  const [interval, setIntervalHours] = useState(String(settings.intervalHours));
  const [keep, setKeep] = useState(String(settings.keep));
  const [notifyUrl, setNotifyUrl] = useState(settings.notifyUrl ?? "");
  const env = new Set(settings.fromEnvironment);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const patch: { intervalHours?: number; keep?: number; notifyUrl?: string | null } = {};
    if (!env.has("CAIRN_BACKUP_INTERVAL_HOURS")) patch.intervalHours = Number(interval);
    if (!env.has("CAIRN_BACKUP_KEEP")) patch.keep = Number(keep);
    if (!env.has("CAIRN_NOTIFY_URL")) patch.notifyUrl = notifyUrl.trim() || null;
    save.mutate(patch, { onSuccess: () => toast({ tone: "success", message: "Backup settings saved" }) });
  };
  const envHint = (name: string, hint: string) => (env.has(name) ? `Set by ${name} in the environment.` : hint);
  return (
    <section className={card} aria-labelledby="schedule-heading">
      <h2 id="schedule-heading" className="mb-3 font-semibold">
        Schedule and alerts
      </h2>
      <form className="grid gap-4 sm:grid-cols-2" onSubmit={submit}>
        <Field label="Back up every (hours)" hint={envHint("CAIRN_BACKUP_INTERVAL_HOURS", "0 turns scheduled backups off.")}>
          {(p) => (
            <Input
              {...p}
              type="number"
              min={0}
              max={720}
              step={1}
              required
              value={interval}
              disabled={env.has("CAIRN_BACKUP_INTERVAL_HOURS")}
              onChange={(e) => setIntervalHours(e.target.value)}
            />
          )}
        </Field>
        <Field label="Backups to keep" hint={envHint("CAIRN_BACKUP_KEEP", "Older ones are removed after each backup.")}>
          {(p) => (
            <Input
              {...p}
              type="number"
              min={1}
              max={365}
              step={1}
              required
              value={keep}
              disabled={env.has("CAIRN_BACKUP_KEEP")}
              onChange={(e) => setKeep(e.target.value)}
            />
          )}
        </Field>
        <div className="sm:col-span-2">
          <Field
            label="Notification URL (ntfy-compatible)"
            hint={envHint(
              "CAIRN_NOTIFY_URL",
              "Cairn POSTs a short message here when an AI endpoint goes down or comes back, or a backup fails. Leave empty for none.",
            )}
          >
            {(p) => (
              <Input
                {...p}
                type="url"
                placeholder="https://ntfy.sh/my-cairn"
                value={notifyUrl}
                disabled={env.has("CAIRN_NOTIFY_URL")}
                onChange={(e) => setNotifyUrl(e.target.value)}
              />
            )}
          </Field>
        </div>
        {save.isError && (
          <div className="sm:col-span-2">
            <ErrorBox>Not saved: {errorMessage(save.error)}</ErrorBox>
          </div>
        )}
        <div className="sm:col-span-2">
          <Button type="submit" busy={save.isPending}>
            Save
          </Button>
        </div>
      </form>
    </section>
  );
}
