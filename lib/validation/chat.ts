import { z } from "zod";
import { isWellFormedText, NOT_UNICODE_MESSAGE, taskPriority, taskRef, taskStatus, text } from "./common";
import { TASK_LIMITS } from "./limits";

export const CHAT_MESSAGE_MAX = 20_000;

const title = text.trim().min(1, "Title is required").max(TASK_LIMITS.title);

// What the assistant may propose. The same shapes are the tools' inputs, the structured-output
// schema for models without tool support, and what accepting a card writes.
export const proposeTaskInput = z.object({
  title: title.describe("Imperative title, under 80 characters"),
  description: text.max(2000).default("").describe("One or two sentences"),
  details: text.max(10_000).default("").describe("How to implement it"),
  priority: taskPriority.default("medium"),
  dependencies: z.array(taskRef).max(50).default([]).describe('Refs of EXISTING tasks that must be done first, e.g. ["3", "4.1"]'),
  parent: taskRef.optional().describe("Ref of an existing top-level task, to add this as its subtask"),
});
export const proposeEditInput = z.object({
  ref: taskRef.describe('The task to change, e.g. "7"'),
  title: title.optional(),
  description: text.max(2000).optional(),
  details: text.max(10_000).optional(),
  priority: taskPriority.optional(),
});
export const proposeStatusInput = z.object({
  ref: taskRef.describe('The task, e.g. "7"'),
  status: taskStatus,
});
export const proposeDependencyInput = z.object({
  ref: taskRef.describe("The task that must wait"),
  dependsOn: taskRef.describe("The task that must be finished first"),
});

export const proposalPayload = z.discriminatedUnion("kind", [
  proposeTaskInput.extend({ kind: z.literal("task") }),
  proposeEditInput.extend({ kind: z.literal("edit") }),
  proposeStatusInput.extend({ kind: z.literal("status") }),
  proposeDependencyInput.extend({ kind: z.literal("dependency") }),
]);
export type ProposalPayload = z.output<typeof proposalPayload>;

export const searchTasksInput = z.object({
  query: text.max(200).default("").describe("Words to look for in titles and descriptions; empty lists all"),
  status: taskStatus.optional(),
});
export const readTaskInput = z.object({ ref: taskRef.describe('The task\'s ref, e.g. "7" or "7.2"') });

// A user message as useChat sends it: only text parts are taken from the client.
const clientMessage = z.object({
  id: text.min(1).max(100),
  role: z.literal("user"),
  parts: z
    .array(z.looseObject({ type: z.string() }))
    .max(50)
    .transform((parts) => parts.filter((p): p is { type: "text"; text: string } => p.type === "text" && typeof p.text === "string")),
});

export const chatTurnInput = z
  .object({
    threadId: text.min(1).max(64),
    trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message"),
    message: clientMessage.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.trigger === "submit-message") {
      const text =
        v.message?.parts
          .map((p) => p.text)
          .join("")
          .trim() ?? "";
      if (!text) ctx.addIssue({ code: "custom", path: ["message"], message: "Write a message first" });
      else if (!isWellFormedText(text)) ctx.addIssue({ code: "custom", path: ["message"], message: NOT_UNICODE_MESSAGE });
      else if (text.length > CHAT_MESSAGE_MAX)
        ctx.addIssue({ code: "custom", path: ["message"], message: `A message can be at most ${CHAT_MESSAGE_MAX} characters` });
    }
  });

export const THREAD_TITLE_MAX = 120;
export const threadTitleInput = z.strictObject({ title: text.trim().min(1, "Title is required").max(THREAD_TITLE_MAX) });

export const decideProposalsInput = z.strictObject({
  messageId: text.min(1).max(100),
  /** Omit to decide every pending proposal of the message. */
  proposalIds: z.array(text.min(1).max(100)).min(1).max(100).optional(),
  decision: z.enum(["accept", "decline"]),
});
