// What the project and membership services return (lib/tasks/projects.ts).
import { z } from "zod";
import { role } from "@/lib/validation/common";
import { isoInstant } from "./shared";

export const projectDto = z.strictObject({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  role: role.describe("The caller's role on the project"),
  taskCount: z.int().describe("Top-level tasks, cancelled ones left out (as the overview's completion counts them)"),
  doneCount: z.int().describe("Top-level tasks that are done"),
  revision: z.int().describe("Moves on every change to the plan"),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

export const memberDto = z.strictObject({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role,
});

export const deletedProjectDto = z.strictObject({
  deleted: z.literal(true),
  tasks: z.int().describe("Tasks and subtasks deleted with the project"),
});

export const invitationDto = z.strictObject({
  id: z.string(),
  projectId: z.string(),
  email: z.string(),
  role,
  invitedBy: z.string().nullable().describe("The inviting owner's name"),
  createdAt: isoInstant,
});

export const myInvitationDto = z.strictObject({
  id: z.string(),
  project: z.strictObject({ id: z.string(), name: z.string() }),
  role,
  invitedBy: z.string().nullable(),
  createdAt: isoInstant,
});
