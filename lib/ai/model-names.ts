// Shared by the server status and the settings page, so both agree on what "installed" means.

/** Ollama resolves names case-insensitively with `:latest` implied; OpenAI-style servers match exactly. */
export function sameModelName(kind: "ollama" | "openai", a: string, b: string): boolean {
  if (kind === "openai") return a === b;
  const norm = (n: string) => {
    const lower = n.trim().toLowerCase();
    return (lower.split("/").pop() ?? "").includes(":") ? lower : `${lower}:latest`;
  };
  return norm(a) === norm(b);
}
