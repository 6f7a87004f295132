// A Cairn planner model (or any model) made on the user's Ollama from a Modelfile: FROM an
// installed base, with its own SYSTEM prompt and PARAMETERs. Everything that can be checked is
// checked before Ollama is asked (so refusals keep their HTTP status); then the create streams
// its status lines. Creating a model never changes Cairn's settings: using it for a role is a
// separate, explicit step (PATCH /ai/settings).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { aborted, AppError, conflict, invalid } from "@/lib/errors";
import type { AiEndpoint } from "@/lib/validation/ai";
import { createModelInput } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { endpointById } from "./fallback-policy";
import { parseModelfile, type CreateRequestFields } from "./modelfile";
import { modelFacts } from "./model-facts";
import { sameModelName } from "./model-names";
import { listModels } from "./ollama-admin";
import { createOllamaModel } from "./ollama-manage";
import { readAiSettings } from "./settings";
import type { CreateModelResult, CreateModelUpdate } from "./types";

export interface CreateTarget {
  endpoint: AiEndpoint;
  name: string;
  fields: CreateRequestFields;
}

export async function prepareCreateModel(actor: Actor, raw: unknown): Promise<CreateTarget> {
  requireAdmin(actor);
  const input = parseInput(createModelInput, raw);
  const settings = await readAiSettings();
  const endpoint = endpointById(settings, input.endpointId);
  if (endpoint.kind !== "ollama") throw invalid(`${endpoint.name} is not an Ollama endpoint; only Ollama creates models from a Modelfile.`);
  const first = parseModelfile(input.modelfile);
  if (!first.ok) throw invalid(`The Modelfile cannot be used: ${first.errors.join("; ")}`, { errors: first.errors });
  const from = first.request.from;
  // Unreachable Ollama: listModels says so in one sentence.
  const installed = await listModels(endpoint.url);
  if (!installed.some((m) => sameModelName("ollama", m.name, from))) {
    throw invalid(`${from} is not installed on ${endpoint.name}. Pick an installed base model (or pull ${from} first).`);
  }
  if (sameModelName("ollama", from, input.name)) throw invalid("The new model needs a name of its own, not its base model's.");
  if (installed.some((m) => sameModelName("ollama", m.name, input.name))) {
    throw conflict(`A model named ${input.name} already exists on ${endpoint.name}. Choose another name, or delete that model first.`);
  }
  // The base's context window bounds num_ctx: a bigger one is refused, never silently sent.
  const facts = await modelFacts(endpoint, from);
  const checked = parseModelfile(input.modelfile, { contextLength: facts?.contextLength ?? null });
  if (!checked.ok) throw invalid(`The Modelfile cannot be used: ${checked.errors.join("; ")}`, { errors: checked.errors });
  return { endpoint, name: input.name, fields: checked.request };
}

/**
 * Status lines of one prepared create, then the result. A failure (Ollama refuses, the create
 * breaks off) is an AppError saying why; a cancel is "aborted". Either way Cairn's settings are
 * as they were.
 */
export async function* streamCreateModel(
  { endpoint, name, fields }: CreateTarget,
  signal?: AbortSignal,
): AsyncGenerator<CreateModelUpdate, CreateModelResult> {
  let step = 0;
  try {
    for await (const line of createOllamaModel(endpoint.url, name, fields, signal)) {
      step++;
      yield { status: line.status, step };
    }
  } catch (e) {
    if (signal?.aborted) throw aborted(`Creating ${name} was cancelled.`);
    throw e instanceof AppError ? e : new AppError("bad_gateway", `Ollama could not create ${name}: ${String(e)}`);
  }
  return { endpointId: endpoint.id, model: name, from: fields.from, status: "success" };
}
