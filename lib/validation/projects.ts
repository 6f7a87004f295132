import { z } from "zod";
import { email, role } from "./common";

export const projectName = z.string().trim().min(1, "Name is required").max(120);

export const createProjectInput = z.strictObject({
  name: projectName,
  description: z.string().max(5_000).optional(),
});
export const updateProjectInput = z.strictObject({
  name: projectName.optional(),
  description: z.string().max(5_000).optional(),
});
export const addMemberInput = z.strictObject({ email, role });
export const updateMemberInput = z.strictObject({ role });
