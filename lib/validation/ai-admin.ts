import { z } from "zod";
import { text } from "./common";
import { AI_ROLES, modelLink } from "./ai";

/** Either one exact model on one endpoint, or a role, which is tried down its chain like a job would. */
export const modelTestInput = z.union([modelLink, z.strictObject({ role: z.enum(AI_ROLES) })]);
export type ModelTestInput = z.output<typeof modelTestInput>;

export const pullInput = z.strictObject({
  endpointId: text.min(1).max(40),
  name: modelLink.shape.model,
});
export type PullInput = z.output<typeof pullInput>;
