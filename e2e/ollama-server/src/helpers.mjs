// @ts-check
// Small helpers: hashing, timestamps, model names, chunking, sleeping, keep-alive.
import { createHash, randomBytes } from "node:crypto";
import { FAULT_MODES } from "./defaults.mjs";
/** @import { FaultMode } from "./defaults.mjs" */

/** @param {string} text */
export const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** Go prints RFC 3339 with nanoseconds; clients parse it, so keep the precision honest. */
export function nowRfc3339() {
  const iso = new Date().toISOString();
  const extra = String(process.hrtime.bigint() % 1_000_000n).padStart(6, "0");
  return iso.replace(/\.(\d{3})Z$/, (_, ms) => `.${ms}${extra}Z`);
}

export const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export function toolCallId() {
  const bytes = randomBytes(8);
  let id = "call_";
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

/** @param {unknown} value */
export const isPlainObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** @param {unknown} value */
export function goKind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

/**
 * Lowercase and default the tag, the way Ollama resolves `llama3.2` to `llama3.2:latest`.
 * @param {string} name
 */
export function normalizeModelName(name) {
  const trimmed = name.trim().toLowerCase();
  const last = trimmed.split("/").pop() ?? "";
  return last.includes(":") ? trimmed : `${trimmed}:latest`;
}

/**
 * @param {string} name
 * @returns {FaultMode | null}
 */
export function faultModeOf(name) {
  const last = normalizeModelName(name).split("/").pop() ?? "";
  const base = last.slice(0, last.lastIndexOf(":"));
  if (!base.startsWith("fault-")) return null;
  const mode = /** @type {FaultMode} */ (base.slice("fault-".length));
  return FAULT_MODES.includes(mode) ? mode : null;
}

/**
 * Concatenating the chunks must give back the text exactly, whitespace included.
 * @param {string} text
 */
export function chunkText(text) {
  if (!text) return [];
  const parts = text.match(/\s*\S+/g) ?? [text];
  const joined = parts.join("");
  if (joined.length < text.length) parts.push(text.slice(joined.length));
  return parts;
}

/** @param {string | string[] | undefined} value */
export const toChunks = (value) => (value === undefined ? undefined : Array.isArray(value) ? value.map(String) : chunkText(String(value)));

/** @param {string} text */
export const estimateTokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/**
 * @param {number} ms
 * @param {AbortSignal} signal
 */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted || !(ms > 0)) return resolve(undefined);
    const timer = setTimeout(done, Math.min(ms, 2_147_483_647));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(undefined);
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** @param {AbortSignal} signal */
export function untilAborted(signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    signal.addEventListener("abort", () => resolve(undefined), { once: true });
  });
}

/**
 * Go's `time.ParseDuration` subset plus Ollama's number-of-seconds form.
 * @param {unknown} value
 * @returns {{ ms: number } | { error: string } | null} null when absent
 */
export function parseKeepAlive(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return { ms: value < 0 ? Infinity : value * 1000 };
  if (typeof value !== "string") return { error: `Unsupported type: '${goKind(value)}'` };
  const units = /** @type {Record<string, number>} */ ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 });
  const match = /^([-+]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(value);
  if (!match) {
    return {
      error:
        value === "" || /^[-+]?\d+(\.\d+)?$/.test(value)
          ? `time: missing unit in duration "${value}"`
          : `time: invalid duration "${value}"`,
    };
  }
  let total = 0;
  for (const part of (match[2] ?? "").matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (units[part[2] ?? "s"] ?? 1000);
  }
  return { ms: match[1] === "-" ? Infinity : total };
}
