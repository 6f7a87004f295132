import { z } from "zod";
import { text } from "./common";
import { AI_ROLES, modelLink } from "./ai";
import { AI_MODEL_LIMITS, CREATED_MODEL_NAME_PATTERN } from "./limits";

/** Either one exact model on one endpoint, or a role, which is tried down its chain like a job would. */
export const modelTestInput = z.union([modelLink, z.strictObject({ role: z.enum(AI_ROLES) })]);
export type ModelTestInput = z.output<typeof modelTestInput>;

export const pullInput = z.strictObject({
  endpointId: text.min(1).max(40),
  name: modelLink.shape.model,
});
export type PullInput = z.output<typeof pullInput>;

/** Load now / Unload: a role (its first Ollama model) or one model on one endpoint. */
export const warmModelInput = z.union([modelLink, z.strictObject({ role: z.enum(AI_ROLES) })]);
export type WarmModelInput = z.output<typeof warmModelInput>;

/** A model Cairn creates on an Ollama endpoint from a Modelfile (FROM an installed model). */
export const createModelInput = z.strictObject({
  endpointId: text.min(1).max(40),
  name: text
    .trim()
    .min(1, "Name the new model")
    .max(AI_MODEL_LIMITS.modelName)
    .regex(CREATED_MODEL_NAME_PATTERN, "Use a name like cairn-planner or cairn-planner:qwen3 (letters, digits, . _ -, one : before a tag)"),
  modelfile: text.min(1, "The Modelfile is empty").max(AI_MODEL_LIMITS.modelfile),
});
export type CreateModelInput = z.output<typeof createModelInput>;

/** DELETE /ai/models?endpointId=…&name=… */
export const deleteModelQuery = z.strictObject({
  endpointId: text.min(1).max(40),
  name: modelLink.shape.model,
});
