"use client";
import { PriorityLabel } from "@/components/ui/badges";
import { Button } from "@/components/ui/button";
import type { Proposal } from "@/lib/ai/chat/types";

const KIND_LABEL: Record<Proposal["kind"], string> = {
  task: "New task",
  edit: "Edit task",
  status: "Status change",
  dependency: "Dependency",
};

function Body({ p }: { p: Proposal }) {
  switch (p.kind) {
    case "task":
      return (
        <div className="space-y-1">
          <p className="font-medium" data-testid="proposal-title">
            {p.title}
          </p>
          {p.description && <p className="text-zinc-600 dark:text-zinc-300">{p.description}</p>}
          <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
            <PriorityLabel priority={p.priority} />
            {p.parent && <span>subtask of #{p.parent}</span>}
            {p.dependencies.length > 0 && <span>after {p.dependencies.map((r) => `#${r}`).join(", ")}</span>}
          </p>
        </div>
      );
    case "edit":
      return (
        <div className="space-y-1">
          <p className="font-medium" data-testid="proposal-title">
            #{p.ref}
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
            {(["title", "description", "details", "priority"] as const).map((f) =>
              p[f] === undefined ? null : (
                <div key={f} className="contents">
                  <dt className="text-muted">{f}</dt>
                  <dd className="whitespace-pre-wrap break-words">{String(p[f])}</dd>
                </div>
              ),
            )}
          </dl>
        </div>
      );
    case "status":
      return (
        <p data-testid="proposal-title">
          Set <span className="font-medium">#{p.ref}</span> to <span className="font-medium">{p.status}</span>
        </p>
      );
    case "dependency":
      return (
        <p data-testid="proposal-title">
          <span className="font-medium">#{p.ref}</span> waits for <span className="font-medium">#{p.dependsOn}</span>
        </p>
      );
  }
}

export function ProposalCard({
  proposal: p,
  canDecide,
  busy,
  onDecide,
}: {
  proposal: Proposal;
  canDecide: boolean;
  busy: boolean;
  onDecide: (decision: "accept" | "decline") => void;
}) {
  const tone =
    p.state === "accepted"
      ? "border-emerald-300 bg-emerald-50/60 dark:border-emerald-800 dark:bg-emerald-950/30"
      : p.state === "declined"
        ? "border-zinc-200 bg-zinc-50 opacity-70 dark:border-zinc-800 dark:bg-zinc-900/40"
        : "border-[var(--color-accent)]/40 bg-white dark:bg-zinc-900";
  return (
    <div className={`rounded-lg border p-3 text-sm ${tone}`} data-testid="proposal" data-state={p.state} data-kind={p.kind}>
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <span className="text-xs font-semibold tracking-wide text-muted uppercase">{KIND_LABEL[p.kind]}</span>
        {p.state === "accepted" && (
          <span className="text-xs font-medium text-emerald-700 dark:text-emerald-400" data-testid="proposal-result">
            Accepted{p.result ? ` · #${p.result}` : ""}
          </span>
        )}
        {p.state === "declined" && <span className="text-xs text-muted">Declined</span>}
      </div>
      <Body p={p} />
      {p.state === "pending" && p.problem && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400" role="note">
          {p.problem}
        </p>
      )}
      {p.state === "pending" && canDecide && (
        <div className="mt-2.5 flex gap-2">
          <Button size="sm" onClick={() => onDecide("accept")} disabled={busy || !!p.problem}>
            Accept
          </Button>
          <Button size="sm" variant="secondary" onClick={() => onDecide("decline")} disabled={busy}>
            Decline
          </Button>
        </div>
      )}
    </div>
  );
}
