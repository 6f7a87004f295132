// What the planning-chat services return (lib/ai/chat): conversations, their messages in the
// AI SDK's UI message format, and proposal cards.
import { z } from "zod";
import { taskPriority, taskStatus } from "@/lib/validation/common";
import { isoInstant } from "./shared";

export const chatThreadDto = z.strictObject({ id: z.string(), title: z.string(), createdAt: isoInstant, updatedAt: isoInstant });

const card = {
  id: z.string(),
  state: z.enum(["pending", "accepted", "declined"]),
  problem: z.string().optional().describe("Why it cannot be applied as it stands"),
  result: z.string().optional().describe("The ref of the task it created or changed, once accepted"),
};

export const proposalDto = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("task"),
    title: z.string(),
    description: z.string(),
    details: z.string(),
    priority: taskPriority,
    dependencies: z.array(z.string()),
    parent: z.string().optional(),
    ...card,
  }),
  z.strictObject({
    kind: z.literal("edit"),
    ref: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    details: z.string().optional(),
    priority: taskPriority.optional(),
    ...card,
  }),
  z.strictObject({ kind: z.literal("status"), ref: z.string(), status: taskStatus, ...card }),
  z.strictObject({ kind: z.literal("dependency"), ref: z.string(), dependsOn: z.string(), ...card }),
]);

export const chatMetadataDto = z.strictObject({
  model: z.string().optional(),
  endpoint: z.string().optional(),
  createdAt: z.string().optional(),
  stopped: z.boolean().optional().describe("The user pressed Stop: the text ends where it was cut"),
  error: z.string().optional().describe("Why the answer is missing or incomplete"),
  toolsUnsupported: z.boolean().optional(),
});

/** Parts follow the AI SDK's UI message format; text and proposal cards are the ones to read. */
const chatPart = z.union([
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("data-proposal"), data: proposalDto }),
  z.looseObject({ type: z.string().describe("reasoning, tool-…, step-start and the other AI SDK part types") }),
]);

export const chatMessageDto = z.strictObject({
  id: z.string(),
  role: z.enum(["system", "user", "assistant"]),
  metadata: chatMetadataDto.optional(),
  parts: z.array(chatPart),
});

export const chatThreadWithMessagesDto = chatThreadDto.extend({ messages: z.array(chatMessageDto) });
