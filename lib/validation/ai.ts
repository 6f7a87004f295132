import { z } from "zod";
import { text } from "./common";
import { AI_MODEL_LIMITS, MODEL_NAME_PATTERN } from "./limits";

export const AI_ROLES = ["main", "fast", "complex", "fallback"] as const;
export type AiRole = (typeof AI_ROLES)[number];
export const ENDPOINT_NAME_MAX = 80;
export const MODEL_NAME_MAX = AI_MODEL_LIMITS.modelName;

export const endpointInput = z.strictObject({
  id: text
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\w-]+$/, "Use letters, digits, - or _"),
  kind: z.enum(["ollama", "openai"]),
  name: text.trim().min(1).max(ENDPOINT_NAME_MAX),
  url: text.pipe(z.url({ protocol: /^https?$/, message: "Enter an http(s) URL, e.g. http://127.0.0.1:11434" }).max(500)),
});
export type AiEndpoint = z.output<typeof endpointInput>;

export const modelLink = z.strictObject({
  endpointId: text.min(1).max(40),
  model: text.trim().min(1).max(MODEL_NAME_MAX).regex(MODEL_NAME_PATTERN, "Not a model name"),
});
export type ModelLink = z.output<typeof modelLink>;

export const keepAliveValue = text
  .trim()
  .max(12)
  .regex(/^(-1|0|\d+(\.\d+)?(ms|s|m|h))$/, 'Use a duration such as "30m" or "2h", "0" to unload at once, or "-1" to keep it loaded');

/** How many models a role's chain may hold: its first choice and the fallbacks behind it. */
export const ROLE_CHAIN_MAX: Record<AiRole, number> = { main: 5, fast: 5, complex: 5, fallback: 10 };

export const aiSettingsInput = z.strictObject({
  endpoints: z.array(endpointInput).min(1, "Add at least one endpoint").max(10).optional(),
  roles: z
    .strictObject({
      main: z.array(modelLink).max(ROLE_CHAIN_MAX.main),
      fast: z.array(modelLink).max(ROLE_CHAIN_MAX.fast),
      complex: z.array(modelLink).max(ROLE_CHAIN_MAX.complex),
      fallback: z.array(modelLink).max(ROLE_CHAIN_MAX.fallback),
    })
    .partial()
    .optional(),
  numCtx: z.number().int().min(512).max(1_048_576).optional(),
  temperature: z.number().min(0).max(2).optional(),
  cacheTtlSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .optional(),
  firstTokenTimeoutMs: z.number().int().min(1_000).max(900_000).optional(),
  idleTimeoutMs: z.number().int().min(1_000).max(600_000).optional(),
  /** Tasks scoring at or above it are expanded and updated by the complex role. */
  complexityThreshold: z.number().int().min(1).max(10).optional(),
  /** Per role, Ollama's keep_alive: a duration ("30m", "2h"), "0" to unload at once, "-1" to keep loaded. */
  keepAlive: z.partialRecord(z.enum(AI_ROLES), keepAliveValue.nullable()).optional(),
});
