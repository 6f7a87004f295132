import type { TokenScope } from "@/lib/validation/common";

/** Who is acting. Every service takes one explicitly; entry points build it. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  /** Present when the request came with an API token: what the token may do. */
  tokenScopes?: readonly TokenScope[];
  /** The API token the request came with, when it came with one. */
  tokenId?: string;
  /** The browser session (Session row) the request came with, when it came from a browser. */
  sessionId?: string;
  /** Present when the token is bound to one project: the only project it may reach. */
  tokenProjectId?: string;
}

/** Scripts, imports run by the system and tests that bypass authorization use this. */
export function systemActor(userId: string): Actor {
  return { userId, isAdmin: true };
}
