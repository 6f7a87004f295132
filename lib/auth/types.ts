// What the account services return, as plain types: the browser imports these, never the services.
import type { TokenScope } from "@/lib/validation/common";

export interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  /** The one project this token reaches, or null for all of the user's projects. */
  project: { id: string; name: string } | null;
}

export interface UserDto {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** When the admin disabled the account; null while it is active. */
  disabledAt: string | null;
  createdAt: string;
}

export interface InstanceSettings {
  openSignup: boolean;
  /** True until the first account exists: that account becomes the admin. */
  needsFirstUser: boolean;
}
