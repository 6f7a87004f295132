import { ExternalBadge } from "./external-badge";

export interface AnswerRoute {
  model: string;
  role: string;
  routedBecause: string;
  external: boolean;
}

/** Which model and role answered a job, and why that role ("complexity 8 ≥ 7 → complex"). */
export function AnsweredBy({ result, className = "" }: { result: AnswerRoute; className?: string }) {
  return (
    <p className={`flex flex-wrap items-center gap-1.5 text-xs text-muted ${className}`} data-testid="answered-by">
      <span>
        Answered by <strong className="font-mono font-medium text-zinc-700 dark:text-zinc-200">{result.model}</strong> ·{" "}
        <span data-testid="answered-role">{result.role}</span> role
      </span>
      <span className="text-muted" data-testid="routed-because">
        ({result.routedBecause})
      </span>
      {result.external && <ExternalBadge what="answer" />}
    </p>
  );
}
