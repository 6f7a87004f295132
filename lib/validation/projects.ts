import { z } from "zod";
import { email, role, text } from "./common";

export const projectName = text.trim().min(1, "Name is required").max(120);

export const createProjectInput = z.strictObject({
  name: projectName,
  description: text.max(5_000).optional(),
});
export const updateProjectInput = z.strictObject({
  name: projectName.optional(),
  description: text.max(5_000).optional(),
});
export const addMemberInput = z.strictObject({ email, role });
export const updateMemberInput = z.strictObject({ role });
