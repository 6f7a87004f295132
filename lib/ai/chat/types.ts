// What the chat services return, as plain types: the browser imports these, never the services.
import type { ProposalPayload } from "@/lib/validation/chat";
import type { UIMessage } from "ai";

export type ProposalState = "pending" | "accepted" | "declined";

export type Proposal = ProposalPayload & {
  id: string;
  state: ProposalState;
  /** Why it cannot be applied as it stands (checked when proposed and again on accept). */
  problem?: string;
  /** The ref of the task it created or changed, once accepted. */
  result?: string;
};

export interface ChatMetadata {
  /** The model that answered, and where it runs. */
  model?: string;
  endpoint?: string;
  createdAt?: string;
  /** The user pressed Stop: the text ends where it was cut. */
  stopped?: boolean;
  /** Why the answer is missing or incomplete. */
  error?: string;
  /** The model has no tool support; its proposals came through structured output. */
  toolsUnsupported?: boolean;
}

export type ChatUIMessage = UIMessage<ChatMetadata, { proposal: Proposal }>;

export type ChatPart = ChatUIMessage["parts"][number];

export interface ChatThreadDto {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface ChatThreadWithMessages extends ChatThreadDto {
  messages: ChatUIMessage[];
}
