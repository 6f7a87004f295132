// What the model bench returns (lib/ai/bench): runs with per-model, per-job figures, and a model per role.
import { z } from "zod";
import { BENCH_JOBS } from "@/lib/ai/bench/types";
import { AI_ROLES } from "@/lib/validation/ai";
import { isoInstant, nullableInstant } from "./shared";

const benchJob = z.enum(BENCH_JOBS);

const benchJobResult = z.strictObject({
  job: benchJob,
  validity: z
    .enum(["first-time", "after-repair", "invalid"])
    .nullable()
    .describe(
      "first-time: valid as written; after-repair: valid once repaired or corrected on the retry; invalid: no usable plan; null: never answered",
    ),
  attempts: z.int().describe("Model calls: 2 when the first answer had to be corrected"),
  repairs: z.array(z.string()).describe("What the repair step did to the answer that was used"),
  loadMs: z.number().nullable().describe("Ollama's load_duration of the first call"),
  ttftMs: z.number().nullable().describe("From the request to the first streamed token, measured by Cairn"),
  tokensPerSecond: z.number().nullable().describe("Ollama's eval_count / eval_duration; estimated from the stream for other servers"),
  outputTokens: z.int().nullable(),
  totalMs: z.number().describe("Ollama's total_duration over the calls, else the time Cairn waited"),
  measuredBy: z.enum(["ollama", "stream"]),
  error: z.string().nullable(),
});

const benchSummary = z.strictObject({
  loadMs: z.number().nullable().describe("The first call's load time (the cold load)"),
  ttftMs: z.number().nullable().describe("Mean over the jobs that answered"),
  tokensPerSecond: z.number().nullable(),
  totalMs: z.number(),
  valid: z.int(),
  firstTime: z.int(),
  jobs: z.int(),
});

const benchModelResult = z.strictObject({
  endpointId: z.string(),
  endpointName: z.string(),
  model: z.string(),
  status: z.enum(["pending", "running", "done", "failed", "cancelled"]),
  parameterSize: z.string().nullable(),
  jobs: z.array(benchJobResult),
  summary: benchSummary.nullable(),
  error: z.string().nullable().describe("Why the model could not be benched (missing, endpoint down)"),
});

export const benchRunDto = z.strictObject({
  id: z.string(),
  status: z.enum(["running", "done", "failed", "cancelled", "interrupted"]),
  cancelRequested: z.boolean(),
  models: z.array(benchModelResult),
  progress: z
    .strictObject({ modelIndex: z.int(), models: z.int(), model: z.string(), job: benchJob, step: z.int(), steps: z.int() })
    .nullable(),
  error: z.string().nullable(),
  createdAt: isoInstant,
  finishedAt: nullableInstant,
});

export const benchOverviewDto = z.strictObject({
  runs: z.array(benchRunDto).describe("Newest first"),
  active: benchRunDto.nullable(),
  recommendations: z.array(
    z.strictObject({
      role: z.enum(AI_ROLES),
      endpointId: z.string(),
      endpointName: z.string(),
      model: z.string(),
      because: z.string().describe('e.g. "1.4 s to first token, valid 3/3"'),
      measuredAt: isoInstant,
    }),
  ),
  method: z.string().describe("How the recommendations are chosen"),
});
