// What the AI services return (lib/ai): settings, endpoint status, model tests, the run log,
// and each job's draft (or, applied, the tasks as written).
import { z } from "zod";
import { AI_ROLES } from "@/lib/validation/ai";
import { taskPriority } from "@/lib/validation/common";
import { isoInstant, keyed } from "./shared";
import { taskDto } from "./tasks";

export const aiEndpointDto = z.strictObject({ id: z.string(), kind: z.enum(["ollama", "openai"]), name: z.string(), url: z.string() });
const modelLinkDto = z.strictObject({ endpointId: z.string(), model: z.string() });

export const aiSettingsDto = z.strictObject({
  endpoints: z.array(aiEndpointDto),
  roles: keyed(AI_ROLES, z.array(modelLinkDto)),
  external: keyed(AI_ROLES, z.boolean()).describe(
    "Per role: its chain (own models, then the fallbacks) can reach a host outside the user's network",
  ),
  complexityThreshold: z.int().describe("Expanding or updating a task scored at or above it uses the complex role"),
  keepAlive: z
    .partialRecord(z.enum(AI_ROLES), z.string())
    .describe('Per role, Ollama\'s keep_alive ("30m", "-1" keeps it loaded, "0" unloads at once); absent: Ollama\'s default'),
  numCtx: z.int(),
  temperature: z.number(),
  cacheTtlSeconds: z.int(),
  firstTokenTimeoutMs: z.int(),
  idleTimeoutMs: z.int(),
  fromEnvironment: z.array(z.string()).describe("Which values come from the environment (they override the stored ones)"),
});

const endpointHealth = z.strictObject({
  url: z.string(),
  reachable: z.boolean(),
  version: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable().describe("A plain-English sentence, or null when all is well"),
});
const modelFacts = z.strictObject({
  contextLength: z.int().nullable().describe('model_info "<arch>.context_length"'),
  capabilities: z.array(z.string()).describe("completion, tools, thinking, vision, embedding …"),
  parameters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe("The Modelfile's PARAMETER lines"),
  architecture: z.string().nullable(),
  parameterSize: z.string().nullable(),
});
const installedModel = z.strictObject({
  name: z.string(),
  facts: modelFacts.nullable().optional().describe("Ollama only: what /api/show says about the model"),
  sizeBytes: z.number(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  modifiedAt: z.string().nullable(),
});
const loadedModel = z.strictObject({
  name: z.string(),
  sizeBytes: z.number(),
  vramBytes: z.number(),
  expiresAt: z.string().nullable(),
  contextLength: z.number().nullable(),
});
const roleLink = z.strictObject({
  endpointId: z.string(),
  endpointName: z.string(),
  model: z.string(),
  fromFallback: z.boolean(),
  reachable: z.boolean(),
  installed: z.boolean(),
});

export const aiStatusDto = z.strictObject({
  ready: z.boolean(),
  problem: z.string().nullable(),
  fix: z.string().nullable(),
  warnings: z.array(z.string()),
  endpoints: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      kind: z.enum(["ollama", "openai"]),
      url: z.string(),
      fromEnvironment: z.boolean(),
      health: endpointHealth,
      models: z.array(installedModel),
      loaded: z.array(loadedModel),
      modelsError: z.string().nullable(),
      detailsHidden: z.boolean().describe("True for non-admins: what the server fetched from the endpoint is left out"),
    }),
  ),
  roles: keyed(AI_ROLES, z.strictObject({ chain: z.array(roleLink), firstUsable: roleLink.nullable() })),
  checkedAt: isoInstant,
});

const modelProbe = z.strictObject({
  ok: z.boolean(),
  endpointId: z.string(),
  endpoint: z.string(),
  model: z.string(),
  ttftMs: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
});
export const modelTestDto = modelProbe.extend({
  skipped: z.array(modelProbe).describe("Links tried before this one that could not answer"),
});

export const aiRunDto = z.strictObject({
  id: z.string(),
  job: z.string(),
  endpoint: z.string(),
  model: z.string(),
  attempt: z.int(),
  ttftMs: z.int().nullable(),
  durationMs: z.int(),
  promptTokens: z.int().nullable(),
  outputTokens: z.int().nullable(),
  outcome: z.string(),
  cacheHit: z.boolean(),
  error: z.string().nullable(),
  role: z.string().nullable().describe("The role whose chain answered"),
  routedBecause: z.string().nullable().describe('Why that role, e.g. "complexity 8 ≥ 7 → complex"'),
  projectId: z.string().nullable(),
  createdAt: isoInstant,
});

export const warmResultDto = z.strictObject({
  action: z.enum(["load", "unload"]),
  endpointId: z.string(),
  endpoint: z.string(),
  model: z.string(),
  role: z.enum(AI_ROLES).nullable().describe("The role whose model it is (its keep-alive was sent)"),
  keepAlive: z.string().nullable().describe("The keep_alive sent; null: Ollama's default (load) or 0 (unload)"),
  loaded: z.array(loadedModel).describe("What /api/ps reports right after"),
});

/** A `progress` event of POST /ai/models. */
export const createModelUpdateDto = z.strictObject({ status: z.string(), step: z.int() });
/** The `result` event of POST /ai/models. */
export const createModelResultDto = z.strictObject({
  endpointId: z.string(),
  model: z.string(),
  from: z.string(),
  status: z.literal("success"),
});
export const deleteModelResultDto = z.strictObject({
  endpointId: z.string(),
  model: z.string(),
  deleted: z.literal(true),
  usedBy: z.array(z.enum(AI_ROLES)).describe("Roles whose chains still name the model"),
});

/** A `result` event of POST /ai/pull. */
export const pullResultDto = z.strictObject({ endpointId: z.string(), model: z.string(), status: z.literal("success") });

// Drafts. Every job answers with the model that wrote the draft and whether it came from the cache.
const draftMeta = {
  warnings: z.array(z.string()),
  model: z.string(),
  endpoint: z.string(),
  cached: z.boolean(),
  role: z.string().describe("The role whose chain answered: main, fast or complex (several, comma-separated, for multi-call jobs)"),
  routedBecause: z.string().describe('Why that role, e.g. "complexity 8 ≥ 7 → complex" or "PRD ≈ 900 tokens ≤ 6,000 → main"'),
  external: z.boolean().describe("The answering role's chain can reach a host outside the user's network"),
};
const text = { description: z.string(), details: z.string(), testStrategy: z.string() };

const planDraftTask = z.strictObject({
  draftId: z.int(),
  title: z.string(),
  ...text,
  priority: taskPriority,
  dependencies: z.array(z.int()).describe("draftIds of earlier tasks"),
});
export const parsePrdResultDto = z.strictObject({
  draft: z.array(planDraftTask),
  ...draftMeta,
  cachedAt: z.string().optional().describe("For an answer from the response cache: when the model wrote it"),
  applied: z.array(taskDto).optional().describe("With apply: true, the tasks as written"),
});

const subtaskDraft = z.strictObject({ draftId: z.int(), title: z.string(), ...text, dependencies: z.array(z.int()) });
export const expandDraftDto = z.strictObject({
  ref: z.string(),
  title: z.string(),
  mode: z.enum(["append", "replace"]),
  count: z.int(),
  removes: z.array(z.string()).describe("Subtasks that applying this draft deletes (replace mode)"),
  subtasks: z.array(subtaskDraft),
});
export const expandResultDto = z.strictObject({
  draft: expandDraftDto,
  ...draftMeta,
  applied: z.array(taskDto).optional(),
  removed: z.array(z.string()).optional(),
});
export const expandAllResultDto = z.strictObject({
  draft: z.array(expandDraftDto),
  tasks: z.array(
    z.strictObject({
      ref: z.string(),
      title: z.string(),
      outcome: z.enum(["drafted", "failed"]),
      subtasks: z.int(),
      model: z.string().nullable(),
      role: z.string().nullable(),
      routedBecause: z.string().nullable(),
      cached: z.boolean(),
      warnings: z.array(z.string()),
      error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  ...draftMeta,
  applied: z.array(taskDto).optional(),
});

export const complexityReportDto = z.strictObject({
  tasks: z.array(
    z.strictObject({
      ref: z.string(),
      title: z.string(),
      complexityScore: z.int(),
      recommendedSubtasks: z.int().nullable(),
      expansionPrompt: z.string(),
      reasoning: z.string(),
    }),
  ),
  threshold: z.int().nullable(),
  aboveThreshold: z.array(z.string()),
});
export const complexityResultDto = z.strictObject({ draft: complexityReportDto, ...draftMeta, applied: z.array(taskDto).optional() });

const editableValues = { title: z.string(), ...text, priority: taskPriority };
export const updateResultDto = z.strictObject({
  draft: z.array(
    z.strictObject({
      ref: z.string(),
      version: z.int(),
      before: z.strictObject(editableValues),
      after: z.strictObject(editableValues).partial().describe("Only the fields that change"),
    }),
  ),
  ...draftMeta,
  applied: z.array(taskDto).optional(),
});

export const newTaskDraftDto = z.strictObject({ ...editableValues, dependencies: z.array(z.string()) });
export const addTaskResultDto = z.strictObject({ draft: newTaskDraftDto, ...draftMeta, applied: taskDto.optional() });

// What accepting a reviewed draft writes.
export const acceptedPlanDto = z.strictObject({ applied: z.array(taskDto) });
export const acceptedExpansionDto = z.strictObject({ created: z.array(taskDto), removed: z.array(z.string()) });
export const acceptedComplexityDto = z.strictObject({ applied: z.array(taskDto) });
export const acceptedUpdateDto = z.strictObject({ tasks: z.array(taskDto), warnings: z.array(z.string()) });
export const acceptedTaskDto = z.strictObject({ task: taskDto, warnings: z.array(z.string()) });
