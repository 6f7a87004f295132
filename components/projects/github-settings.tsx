"use client";
// Project settings → GitHub: link repositories, the values for GitHub's "Add webhook" form, the
// once-shown secret, rotate/unlink, the label filter and the delivery log.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorBox, Field, Input } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useGithubDeliveries, useGithubLinks, useGithubMutations } from "@/lib/hooks/use-github";
import type { DeliveryOutcome, GithubLinkDto, GithubLinkWithSecretDto } from "@/lib/integrations/github/types";
import { TASK_LIMITS } from "@/lib/validation/limits";

const card = "rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
const EVENT_NAMES: Record<string, string> = { issues: "Issues", pull_request: "Pull requests", push: "Pushes" };

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Not a secure context (plain http on the LAN): the old way still works.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function CopyValue({ label, value, testId, secret }: { label: string; value: string; testId: string; secret?: boolean }) {
  const toast = useToast();
  return (
    <div className="grid gap-1">
      <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</span>
      <div className="flex min-w-0 items-center gap-2">
        <code
          data-testid={testId}
          className={`min-w-0 flex-1 overflow-x-auto rounded-md px-2 py-1.5 font-mono text-xs whitespace-nowrap ${
            secret ? "bg-amber-50 text-amber-900 dark:bg-amber-950/50 dark:text-amber-100" : "bg-zinc-50 dark:bg-zinc-950"
          }`}
        >
          {value}
        </code>
        <Button
          size="sm"
          variant="secondary"
          aria-label={`Copy the ${label.toLowerCase()}`}
          onClick={() => void copyText(value).then((ok) => toast({ message: ok ? "Copied" : "Select the text and copy it" }))}
        >
          Copy
        </Button>
      </div>
    </div>
  );
}

/** What to paste into GitHub's "Add webhook" form; the secret only right after it was made. */
function WebhookValues({ link, secret }: { link: GithubLinkDto; secret?: string }) {
  return (
    <div className="grid gap-3" data-testid="github-webhook-values">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        On GitHub open{" "}
        <a
          className="font-medium text-link underline underline-offset-2 hover:decoration-2"
          href={`https://github.com/${link.repository}/settings/hooks/new`}
          target="_blank"
          rel="noreferrer"
        >
          {link.repository} → Settings → Webhooks → Add webhook
        </a>{" "}
        and fill in:
      </p>
      <CopyValue label="Payload URL" value={link.webhookUrl} testId="github-payload-url" />
      <div className="grid gap-1">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Content type</span>
        <code className="w-fit rounded-md bg-zinc-50 px-2 py-1.5 font-mono text-xs dark:bg-zinc-950">{link.contentType}</code>
      </div>
      {secret && <CopyValue label="Secret" value={secret} testId="github-secret" secret />}
      <div className="grid gap-1">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Which events?</span>
        <p className="text-sm">
          “Let me select individual events”, then tick <strong>{link.events.map((e) => EVENT_NAMES[e] ?? e).join(", ")}</strong>.
        </p>
      </div>
      {secret && (
        <p className="text-xs text-amber-800 dark:text-amber-200" role="note">
          Copy the secret now: Cairn shows it only this once. If it is lost, rotate it and paste the new one on GitHub.
        </p>
      )}
    </div>
  );
}

function LinkForm({ projectId, onLinked }: { projectId: string; onLinked: (l: GithubLinkWithSecretDto) => void }) {
  const { link } = useGithubMutations(projectId);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const labelFilter = String(f.get("labelFilter") ?? "").trim();
        link.mutate(
          { repository: String(f.get("repository") ?? "").trim(), labelFilter: labelFilter || null },
          {
            onSuccess: (l) => {
              form.reset();
              onLinked(l);
            },
          },
        );
      }}
    >
      <Field label="Repository" hint="owner/repo, as in the repository's URL">
        {(p) => <Input {...p} name="repository" placeholder="octo-org/app" required pattern="[A-Za-z0-9][A-Za-z0-9\-]*/[A-Za-z0-9._\-]+" />}
      </Field>
      <Field label="Only issues labelled (optional)">
        {(p) => <Input {...p} name="labelFilter" placeholder="e.g. cairn" maxLength={TASK_LIMITS.labelLength} />}
      </Field>
      <Button type="submit" busy={link.isPending} className="sm:mb-5">
        Link repository
      </Button>
      {link.isError && (
        <div className="sm:col-span-3">
          <ErrorBox>{errorMessage(link.error)}</ErrorBox>
        </div>
      )}
    </form>
  );
}

function LinkRow({
  projectId,
  link,
  revealed,
  onRotated,
}: {
  projectId: string;
  link: GithubLinkDto;
  revealed?: string;
  onRotated: (l: GithubLinkWithSecretDto) => void;
}) {
  const m = useGithubMutations(projectId);
  const toast = useToast();
  const [confirm, setConfirm] = useState<"rotate" | "unlink" | null>(null);
  const [filter, setFilter] = useState(link.labelFilter ?? "");
  const [showValues, setShowValues] = useState(false);
  return (
    <li className="grid gap-3 py-4 first:pt-0 last:pb-0" data-testid="github-link">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <a
          className="min-w-0 font-mono text-sm font-semibold break-all hover:underline"
          href={`https://github.com/${link.repository}`}
          target="_blank"
          rel="noreferrer"
        >
          {link.repository}
        </a>
        <span className="text-xs text-muted">
          {link.lastDelivery
            ? `Last delivery ${new Date(link.lastDelivery.receivedAt).toLocaleString()} · ${link.lastDelivery.outcome}`
            : "No delivery yet"}
        </span>
        <div className="ml-auto flex gap-2">
          <Button size="sm" variant="ghost" aria-expanded={showValues || !!revealed} onClick={() => setShowValues((v) => !v)}>
            Webhook settings
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setConfirm("rotate")}>
            Rotate secret
          </Button>
          <Button size="sm" variant="danger" onClick={() => setConfirm("unlink")}>
            Unlink
          </Button>
        </div>
      </div>
      {(showValues || revealed) && <WebhookValues link={link} secret={revealed} />}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          m.update.mutate(
            { linkId: link.id, labelFilter: filter.trim() || null },
            {
              onSuccess: () =>
                toast({ tone: "success", message: filter.trim() ? `Only issues labelled “${filter.trim()}” now` : "Every issue now" }),
            },
          );
        }}
      >
        <div className="w-48">
          <Field label="Only issues labelled">
            {(p) => (
              <Input
                {...p}
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="every issue"
                maxLength={TASK_LIMITS.labelLength}
              />
            )}
          </Field>
        </div>
        <Button size="sm" variant="secondary" type="submit" busy={m.update.isPending} disabled={filter.trim() === (link.labelFilter ?? "")}>
          Save filter
        </Button>
      </form>
      {(m.rotate.isError || m.unlink.isError || m.update.isError) && (
        <ErrorBox>{errorMessage(m.rotate.error ?? m.unlink.error ?? m.update.error)}</ErrorBox>
      )}
      <ConfirmDialog
        open={confirm === "rotate"}
        title={`New secret for ${link.repository}?`}
        body="The current secret stops working at once: GitHub's deliveries are refused until you paste the new secret into the webhook on GitHub."
        confirmLabel="Rotate secret"
        busy={m.rotate.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() => m.rotate.mutate(link.id, { onSuccess: (l) => (setConfirm(null), onRotated(l)) })}
      />
      <ConfirmDialog
        open={confirm === "unlink"}
        title={`Unlink ${link.repository}?`}
        body="Its deliveries are refused from now on and its delivery log is deleted. Tasks made from its issues stay. Remove the webhook on GitHub too."
        confirmLabel="Unlink"
        busy={m.unlink.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() => m.unlink.mutate(link.id, { onSuccess: () => setConfirm(null) })}
      />
    </li>
  );
}

const OUTCOME_STYLE: Record<DeliveryOutcome, string> = {
  applied: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  duplicate: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  ignored: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  rejected: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  failed: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
};

function DeliveryLog({ projectId }: { projectId: string }) {
  const log = useGithubDeliveries(projectId);
  const { replay } = useGithubMutations(projectId);
  const toast = useToast();
  // Several repositories may feed one project: then each row says which one it came from.
  const severalRepositories = new Set(log.data?.map((d) => d.repository)).size > 1;
  return (
    // min-w-0: a grid item otherwise grows to the table's width; `relative` on the scroll box keeps
    // the header's sr-only (absolute) text inside it. Either one alone lets the page scroll sideways on a phone.
    <div className="grid min-w-0 gap-2">
      <h3 className="font-semibold">Deliveries</h3>
      {log.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : log.isError ? (
        <ErrorBox>{errorMessage(log.error)}</ErrorBox>
      ) : log.data.length === 0 ? (
        <p className="text-sm text-muted" data-testid="github-deliveries-empty">
          Nothing received yet. GitHub sends a ping as soon as the webhook is added.
        </p>
      ) : (
        <div className="relative -mx-5 min-w-0 overflow-x-auto px-5" data-testid="github-deliveries-scroll">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="github-deliveries">
            <thead className="text-xs text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">Time</th>
                <th className="py-1 pr-3 font-medium">Event</th>
                <th className="py-1 pr-3 font-medium">Delivery</th>
                <th className="py-1 pr-3 font-medium">Outcome</th>
                <th className="py-1 pr-3 font-medium">What changed</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
              {log.data.map((d) => (
                <tr key={d.id} data-testid="github-delivery">
                  <td className="py-2 pr-3 whitespace-nowrap text-muted">
                    <time dateTime={d.receivedAt}>{new Date(d.receivedAt).toLocaleString()}</time>
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs whitespace-nowrap">
                    {d.event}
                    {d.action ? `.${d.action}` : ""}
                    {severalRepositories && <div className="font-sans text-muted">{d.repository}</div>}
                  </td>
                  <td className="max-w-[9rem] truncate py-2 pr-3 font-mono text-xs text-muted" title={d.deliveryId}>
                    {d.deliveryId}
                  </td>
                  <td className="py-2 pr-3">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[d.outcome]}`}>{d.outcome}</span>
                  </td>
                  <td className="py-2 pr-3">
                    <ul className="grid gap-0.5">
                      {d.changes.map((c, i) => (
                        <li key={i}>{c}</li>
                      ))}
                      {d.error && <li className="text-red-700 dark:text-red-300">{d.error}</li>}
                    </ul>
                  </td>
                  <td className="py-2">
                    {d.replayable && (
                      <Button
                        size="sm"
                        variant="secondary"
                        busy={replay.isPending && replay.variables === d.id}
                        onClick={() =>
                          replay.mutate(d.id, {
                            onSuccess: (r) =>
                              toast({ tone: r.outcome === "failed" ? "error" : "success", message: `Replay: ${r.outcome}` }),
                            onError: (e) => toast({ tone: "error", message: errorMessage(e) }),
                          })
                        }
                      >
                        Replay
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function GithubSection({ projectId }: { projectId: string }) {
  const links = useGithubLinks(projectId);
  const [revealed, setRevealed] = useState<{ linkId: string; secret: string } | null>(null);
  const reveal = (l: GithubLinkWithSecretDto) => setRevealed({ linkId: l.id, secret: l.secret });
  return (
    <section className={`${card} min-w-0`} aria-labelledby="github-settings" data-testid="github-settings">
      <h2 id="github-settings" className="mb-1 font-semibold">
        GitHub
      </h2>
      <p className="mb-4 text-sm text-muted">
        Issues become tasks, pull requests that name a task (<code>Closes #12</code>, <code>cairn#12</code>, <code>T-12</code>) move it to
        review and finish it when merged, and commits that name a task leave a note. Changes show as made by GitHub.
      </p>
      <div className="grid gap-5">
        {links.isPending ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : links.isError ? (
          <ErrorBox>{errorMessage(links.error)}</ErrorBox>
        ) : links.data.length > 0 ? (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {links.data.map((l) => (
              <LinkRow
                key={l.id}
                projectId={projectId}
                link={l}
                revealed={revealed?.linkId === l.id ? revealed.secret : undefined}
                onRotated={reveal}
              />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">No repository is linked yet.</p>
        )}
        <LinkForm projectId={projectId} onLinked={reveal} />
        <DeliveryLog projectId={projectId} />
      </div>
    </section>
  );
}
