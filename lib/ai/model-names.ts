// Shared by the server status and the settings page, so both agree on what "installed" means.
import { ROLE_CHAIN_MAX, type AiRole, type ModelLink } from "@/lib/validation/ai";

/** Ollama resolves names case-insensitively with `:latest` implied; OpenAI-style servers match exactly. */
export function sameModelName(kind: "ollama" | "openai", a: string, b: string): boolean {
  if (kind === "openai") return a === b;
  const norm = (n: string) => {
    const lower = n.trim().toLowerCase();
    return (lower.split("/").pop() ?? "").includes(":") ? lower : `${lower}:latest`;
  };
  return norm(a) === norm(b);
}

/**
 * A role's chain with `link` first and the role's other models behind it as its fallbacks (the
 * same model listed again is dropped), cut to what a chain may hold. `same` says when two names
 * are one model (exact by default).
 */
export function chainWithFirst(
  chain: ModelLink[],
  role: AiRole,
  link: ModelLink,
  same: (a: string, b: string) => boolean = (a, b) => a === b,
): ModelLink[] {
  const rest = chain.filter((l) => !(l.endpointId === link.endpointId && same(l.model, link.model)));
  return [{ endpointId: link.endpointId, model: link.model }, ...rest].slice(0, ROLE_CHAIN_MAX[role]);
}
