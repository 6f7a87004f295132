import { z } from "zod";
import { email, role, text } from "./common";
import { PROJECT_LIMITS } from "./limits";

export const projectName = text.trim().min(1, "Name is required").max(PROJECT_LIMITS.name);

export const createProjectInput = z.strictObject({
  name: projectName,
  description: text.max(PROJECT_LIMITS.description).optional(),
});
export const updateProjectInput = z.strictObject({
  name: projectName.optional(),
  description: text.max(PROJECT_LIMITS.description).optional(),
});
export const addMemberInput = z.strictObject({ email, role });
export const updateMemberInput = z.strictObject({ role });
