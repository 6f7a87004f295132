// Deleting a model from an Ollama endpoint (the settings page asks first). Roles that name the
// model keep naming it: their next model answers until the admin chooses another, and the page
// says so — Cairn's settings are never rewritten behind the admin's back.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { invalid } from "@/lib/errors";
import { AI_ROLES } from "@/lib/validation/ai";
import { deleteModelQuery } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { endpointById } from "./fallback-policy";
import { forgetModelFacts } from "./model-facts";
import { sameModelName } from "./model-names";
import { deleteOllamaModel } from "./ollama-manage";
import { readAiSettings } from "./settings";
import type { DeleteModelResult } from "./types";

export async function deleteModel(actor: Actor, raw: unknown): Promise<DeleteModelResult> {
  requireAdmin(actor);
  const input = parseInput(deleteModelQuery, raw);
  const settings = await readAiSettings();
  const endpoint = endpointById(settings, input.endpointId);
  if (endpoint.kind !== "ollama") throw invalid(`${endpoint.name} is not an Ollama endpoint; remove models on that server itself.`);
  await deleteOllamaModel(endpoint.url, input.name);
  forgetModelFacts();
  const usedBy = AI_ROLES.filter((r) =>
    settings.roles[r].some((l) => l.endpointId === endpoint.id && sameModelName("ollama", l.model, input.name)),
  );
  return { endpointId: endpoint.id, model: input.name, deleted: true, usedBy };
}
