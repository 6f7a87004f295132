// What the GitHub integration returns (lib/integrations/github): links, the delivery log, the receiver's answer.
import { z } from "zod";
import { DELIVERY_OUTCOMES, GITHUB_EVENTS } from "@/lib/integrations/github/types";
import { isoInstant, nullableInstant } from "./shared";

const outcome = z.enum(DELIVERY_OUTCOMES);

export const githubLinkDto = z.strictObject({
  id: z.string(),
  projectId: z.string(),
  repository: z.string().describe("owner/repo, lower-cased"),
  labelFilter: z.string().nullable().describe("Only issues with this label become tasks; null for all"),
  webhookUrl: z.string().describe("The payload URL for GitHub's Add webhook form"),
  contentType: z.literal("application/json").describe("The content type to choose in GitHub's form"),
  events: z.array(z.enum(GITHUB_EVENTS)).describe("The events to tick in GitHub's form"),
  createdAt: isoInstant,
  rotatedAt: nullableInstant,
  lastDelivery: z.strictObject({ receivedAt: isoInstant, outcome }).nullable(),
});

export const githubLinkWithSecretDto = githubLinkDto.extend({
  secret: z.string().describe("The webhook secret: shown in this answer only; paste it into GitHub's Secret field"),
});

export const githubDeliveryDto = z.strictObject({
  id: z.string().describe("The log entry's id (for a replay)"),
  deliveryId: z.string().describe("GitHub's X-GitHub-Delivery"),
  repository: z.string(),
  event: z.string(),
  action: z.string().nullable(),
  outcome,
  changes: z.array(z.string()).describe("What changed, one line each (or why nothing did)"),
  error: z.string().nullable(),
  replayable: z.boolean().describe("A failed delivery that kept its payload"),
  receivedAt: isoInstant,
});

export const webhookAnswerDto = z.strictObject({
  ok: z.literal(true),
  outcome,
  duplicate: z.literal(true).optional().describe("This delivery id was received before: nothing changed"),
  deliveryId: z.string(),
  changes: z.array(z.string()),
});
