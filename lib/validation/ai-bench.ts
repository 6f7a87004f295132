import { z } from "zod";
import { modelLink } from "./ai";
import { BENCH_LIMITS } from "./limits";

/** Which models a bench run measures, in order; each (endpoint, model) once. */
export const benchStartInput = z.strictObject({
  models: z
    .array(modelLink)
    .min(1, "Choose at least one model")
    .max(BENCH_LIMITS.models, `At most ${BENCH_LIMITS.models} models in one run`)
    .refine((links) => new Set(links.map((l) => `${l.endpointId}\u0000${l.model}`)).size === links.length, "A model is listed twice"),
});
export type BenchStartInput = z.output<typeof benchStartInput>;
