// What the AI settings, status, pull, test and run-log services return, as plain types: the
// browser imports these, never the services.
import type { AiEndpoint, AiRole, ModelLink } from "@/lib/validation/ai";

export interface EndpointHealth {
  /** The normalised base URL, or the input as given when it is not a usable address. */
  url: string;
  /** True only when the endpoint answered /api/version like Ollama does; `error` says why not. */
  reachable: boolean;
  version: string | null;
  /** Round trip of /api/version; set whenever an HTTP answer arrived, even an error one. */
  latencyMs: number | null;
  /** A plain-English sentence for the settings page, or null when all is well. */
  error: string | null;
}

/** What Ollama's /api/show says about a model. */
export interface ModelFacts {
  /** model_info "<arch>.context_length": the most the model can read at once; null when not reported. */
  contextLength: number | null;
  /** completion, tools, thinking, vision, embedding, insert … */
  capabilities: string[];
  /** The Modelfile's PARAMETER lines (temperature, num_ctx, stop …). */
  parameters: Record<string, string | string[]>;
  architecture: string | null;
  parameterSize: string | null;
}

export interface InstalledModel {
  name: string;
  /** Ollama only; null when /api/show did not answer. */
  facts?: ModelFacts | null;
  sizeBytes: number;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  modifiedAt: string | null;
}

export interface LoadedModel {
  name: string;
  sizeBytes: number;
  vramBytes: number;
  /** Ollama reports a date centuries ahead for models kept loaded forever (keep_alive < 0). */
  expiresAt: string | null;
  /** Only newer Ollama versions report it. */
  contextLength: number | null;
}

export interface EndpointStatusDto {
  id: string;
  name: string;
  kind: AiEndpoint["kind"];
  url: string;
  /** The URL is OLLAMA_BASE_URL's, so editing it here has no effect. */
  fromEnvironment: boolean;
  health: EndpointHealth;
  models: InstalledModel[];
  loaded: LoadedModel[];
  /** Set when the endpoint answered but its model list did not come back. */
  modelsError: string | null;
  /**
   * What the server's fetch returned (version, latency, errors, models) is for the admin only:
   * an endpoint URL may point anywhere the server can reach. Others see the name and up or down.
   */
  detailsHidden: boolean;
}

export interface RoleLinkStatus {
  endpointId: string;
  endpointName: string;
  model: string;
  /** The link comes from the shared fallback chain, not the role's own list. */
  fromFallback: boolean;
  reachable: boolean;
  installed: boolean;
}

export interface RoleStatus {
  chain: RoleLinkStatus[];
  /** The first link a job would get an answer from, as far as the status can tell. */
  firstUsable: RoleLinkStatus | null;
}

export interface AiStatusDto {
  ready: boolean;
  problem: string | null;
  fix: string | null;
  /** Things that work, but not as configured (a first choice is missing, a list failed). */
  warnings: string[];
  endpoints: EndpointStatusDto[];
  roles: Record<AiRole, RoleStatus>;
  checkedAt: string;
}

export interface PullUpdate {
  status: string;
  /** Of the whole pull so far (all layers seen), 0–100; null before Ollama reports any sizes. */
  percent: number | null;
  completedBytes: number | null;
  totalBytes: number | null;
}

export interface AiRunDto {
  id: string;
  job: string;
  endpoint: string;
  model: string;
  attempt: number;
  ttftMs: number | null;
  durationMs: number;
  promptTokens: number | null;
  outputTokens: number | null;
  outcome: string;
  cacheHit: boolean;
  error: string | null;
  /** The role whose chain answered, and why that role (null for runs outside a job's routing). */
  role: string | null;
  routedBecause: string | null;
  projectId: string | null;
  createdAt: string;
}

export interface AiSettingsDto {
  endpoints: AiEndpoint[];
  roles: Record<AiRole, ModelLink[]>;
  /** Per role: its chain (own models, then the fallbacks) can reach a host outside the user's network. */
  external: Record<AiRole, boolean>;
  /** Expanding or updating a task scored at or above it uses the complex role. */
  complexityThreshold: number;
  /** Per role, Ollama's keep_alive ("30m", "-1", "0"); absent means Ollama's default (5m). */
  keepAlive: Partial<Record<AiRole, string>>;
  numCtx: number;
  temperature: number;
  cacheTtlSeconds: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** Which values come from the environment (they override the stored ones). */
  fromEnvironment: string[];
}

export interface ModelProbe {
  ok: boolean;
  endpointId: string;
  endpoint: string;
  model: string;
  ttftMs: number | null;
  durationMs: number;
  error: string | null;
}

export interface ModelTestResult extends ModelProbe {
  /** Links tried before this one that could not answer (role tests only). */
  skipped: ModelProbe[];
}

/** What Load now / Unload did, and what /api/ps reports right after. */
export interface WarmResult {
  action: "load" | "unload";
  endpointId: string;
  endpoint: string;
  model: string;
  /** The role whose model it is (its keep-alive was sent), or null for a model no role uses. */
  role: AiRole | null;
  /** The keep_alive sent; null: Ollama's default (load) or 0 (unload). */
  keepAlive: string | null;
  loaded: LoadedModel[];
}

/** One status line of a create (`POST /ai/models`). */
export interface CreateModelUpdate {
  status: string;
  /** Status lines so far, counting this one. */
  step: number;
}

export interface CreateModelResult {
  endpointId: string;
  model: string;
  from: string;
  status: "success";
}

export interface DeleteModelResult {
  endpointId: string;
  model: string;
  deleted: true;
  /** Roles whose chains still name the model (their next model answers until it is replaced). */
  usedBy: AiRole[];
}
