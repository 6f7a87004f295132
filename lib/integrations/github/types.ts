// What the GitHub integration's services return, as plain types (the browser imports these).

export const GITHUB_EVENTS = ["issues", "pull_request", "push"] as const;
export const DELIVERY_OUTCOMES = ["applied", "duplicate", "ignored", "rejected", "failed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export interface GithubLinkDto {
  id: string;
  projectId: string;
  /** owner/repo, lower-cased */
  repository: string;
  labelFilter: string | null;
  /** What to paste into GitHub's "Add webhook" form. */
  webhookUrl: string;
  contentType: "application/json";
  events: (typeof GITHUB_EVENTS)[number][];
  createdAt: string;
  rotatedAt: string | null;
  lastDelivery: { receivedAt: string; outcome: DeliveryOutcome } | null;
}

/** The only answers that ever carry the secret: creating a link and rotating its secret. */
export interface GithubLinkWithSecretDto extends GithubLinkDto {
  secret: string;
}

export interface GithubDeliveryDto {
  id: string;
  deliveryId: string;
  repository: string;
  event: string;
  action: string | null;
  outcome: DeliveryOutcome;
  /** What changed, one line each (or why nothing did). */
  changes: string[];
  error: string | null;
  /** A failed delivery kept its payload and can be replayed. */
  replayable: boolean;
  receivedAt: string;
}
