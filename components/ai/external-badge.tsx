/** Marks a role (or an answer) whose chain can reach a host outside the user's network. */
export function ExternalBadge({ what = "role" }: { what?: "role" | "answer" }) {
  return (
    <span
      data-testid="external-marker"
      title={
        what === "role"
          ? "This role's models (or its fallbacks) run on a server outside your network: prompts and project text are sent there."
          : "Answered by a role that can reach a server outside your network."
      }
      className="inline-flex items-center rounded border border-fuchsia-300 bg-fuchsia-50 px-1.5 py-0.5 text-[10px] font-medium text-fuchsia-800 dark:border-fuchsia-800 dark:bg-fuchsia-950/60 dark:text-fuchsia-200"
    >
      external
    </span>
  );
}
