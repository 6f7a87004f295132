// Types for server.mjs: tsconfig has allowJs off, so TypeScript callers cannot read its JSDoc.
// Keep in step with the JSDoc typedefs in src/defaults.mjs.

export declare const FAULT_MODES: readonly [
  "slow-first-token",
  "slow-tokens",
  "hang-before-headers",
  "hang-mid-stream",
  "disconnect-mid-stream",
  "error-line-mid-stream",
  "no-done-chunk",
  "malformed-ndjson-line",
  "malformed-json-content",
  "http-500",
  "http-503-busy",
  "http-429",
  "404-model-not-found",
  "400-no-thinking",
  "400-no-tools",
  "400-bad-request",
  "context-truncated",
  "tool-call",
  "tool-call-string-args",
  "thinking",
  "client-abort",
];

export type FaultMode = (typeof FAULT_MODES)[number];

export interface ScriptedToolCall {
  name?: string;
  /** An object; a string is sent verbatim (the malformed form). */
  arguments?: unknown;
  id?: string;
  function?: { name: string; arguments?: unknown };
}

export interface ScriptedReply {
  /** Only a request whose body contains this text takes the reply (parallel tests script their own). */
  match?: string;
  /** A string is streamed word by word; an array is sent chunk by chunk. */
  content?: string | string[];
  /** Only emitted when the request has thinking on, as with real Ollama. */
  thinking?: string | string[];
  /** Only emitted when the request carries `tools`. */
  toolCalls?: ScriptedToolCall[];
  doneReason?: "stop" | "length" | (string & {});
  fault?: FaultMode;
  /** Between chunks (pull: between progress lines). */
  delayMs?: number;
  /** Before headers and the first chunk. */
  firstTokenDelayMs?: number;
  /** Chunks sent before a mid-stream fault (default 2). */
  afterChunks?: number;
  /** Non-2xx: answer with this status before streaming. */
  status?: number;
  /** With `status`: the error text; without: a mid-stream error line. */
  error?: string;
  promptEvalCount?: number;
  evalCount?: number;
}

export interface ModelSpec {
  name: string;
  capabilities?: string[];
  size?: number;
  digest?: string;
  modifiedAt?: string;
  family?: string;
  parameterSize?: string;
  quantizationLevel?: string;
  format?: string;
  contextLength?: number;
  embeddingLength?: number;
}

export interface RecordedRequest {
  id: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or null when absent or unparseable. */
  body: unknown;
  /** Present only when the body was not valid JSON. */
  rawBody?: string;
  /** ISO timestamp of arrival. */
  time: string;
  status: number | null;
  /** The client went away before the response was complete. */
  clientClosed: boolean;
  /** The server finished the response normally. */
  completed: boolean;
  durationMs: number | null;
}

export interface ServerConfig {
  version: string;
  tokenDelayMs: number;
  pullDelayMs: number;
  pullSteps: number;
  slowFirstTokenMs: number;
  slowTokenDelayMs: number;
  afterChunks: number;
  disconnectDelayMs: number;
}

export interface StartOptions {
  port?: number;
  host?: string;
  models?: ReadonlyArray<string | ModelSpec>;
  config?: Partial<ServerConfig>;
}

export interface OllamaTestServer {
  url: string;
  port: number;
  /** Live view of what was recorded since the last reset. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
  script(model: string, reply: ScriptedReply | ScriptedReply[]): void;
  reset(): void;
  setModels(list: ReadonlyArray<string | ModelSpec>): void;
  configure(config: Partial<ServerConfig>): void;
  requestsTo(path?: string): RecordedRequest[];
}

export declare const DEFAULT_CONFIG: Readonly<ServerConfig>;
export declare const DEFAULT_MODELS: ReadonlyArray<ModelSpec>;
export declare const REGISTRY_MODELS: ReadonlyArray<ModelSpec>;
export declare const DEFAULT_REPLY_TEXT: string;
export declare const DEFAULT_THINKING: string[];
export declare const DEFAULT_JSON_REPLY: string[];
export declare const MALFORMED_JSON_CONTENT: string[];
export declare const DROPPED_LINE_CONTENT: string;
export declare const MID_STREAM_ERROR: string;
export declare const PULL_MISSING_ERROR: string;

export declare function normalizeModelName(name: string): string;
export declare function faultModeOf(name: string): FaultMode | null;
export declare function startOllamaServer(options?: StartOptions): Promise<OllamaTestServer>;
