import { z } from "zod";
import { boolFromQuery, email, role, text } from "./common";
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

/** Query of POST /import/taskmaster: what an import does with tags that match existing projects. */
export const importOptionsInput = z.strictObject({
  mode: z
    .enum(["create", "update"])
    .default("create")
    .describe("create: every tag becomes a new project. update: a tag matching a project imported from it updates that project"),
  remove: boolFromQuery
    .default(false)
    .describe("In update mode, also remove the project's tasks that are not in the file (as the preview listed them)"),
  into: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("An existing project with no tasks (its id) that one tag of the file is imported into, instead of a new project"),
  tag: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("With `into` and a file of several tags: the tag to import (the others are left out)"),
});
export type ImportOptions = z.output<typeof importOptionsInput>;
