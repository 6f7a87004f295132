/** Marks a value the environment sets: it overrides anything saved here, so it is changed there. */
export function EnvBadge({ name }: { name: string }) {
  return (
    <span
      title={`Set by ${name} in the server's environment; change it there and restart Cairn.`}
      className="inline-flex items-center rounded border border-amber-300 bg-amber-50 px-1.5 py-0.5 font-mono text-[10px] text-amber-800 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200"
    >
      from {name}
    </span>
  );
}
